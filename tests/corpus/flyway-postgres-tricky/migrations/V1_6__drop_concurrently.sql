CREATE INDEX imports_note_idx ON imports (note);
