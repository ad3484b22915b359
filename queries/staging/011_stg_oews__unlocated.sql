-- Rows whose area cannot be placed (no AREA code and an AREA_TITLE that is
-- not a state or the U.S.) cannot be published: record them as rejects.
DELETE FROM rejects WHERE stage = 'stg_oews__unlocated';
INSERT INTO rejects (source_file_id, sheet, row_number, column_name, value, reason, stage)
SELECT source_file_id, source_sheet, source_row_number, 'AREA_TITLE', area_title,
       'area not recognized: no AREA code and the title is not a state, territory or the U.S.', 'stg_oews__unlocated'
FROM stg_oews__wages
WHERE area_code IS NULL;

DELETE FROM stg_oews__wages WHERE area_code IS NULL;
