package data

// ReadText reads a plain-text corpus (gzip transparent) and returns its
// bytes. An empty file is an error; a truncated gzip stream is reported at
// the line reached.
func ReadText(path string) ([]byte, error) {
	b, err := readAll(path)
	if err != nil {
		return nil, err
	}
	if len(b) == 0 {
		return nil, lineErr(path, 1, "empty file")
	}
	return b, nil
}
