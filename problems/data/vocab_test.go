package data

import (
	"strings"
	"testing"
)

func TestByteVocab(t *testing.T) {
	v := NewByteVocab([]byte("hello, world\n"))
	// Sorted distinct bytes: "\n", " ", ",", "d", "e", "h", "l", "o", "r", "w".
	if v.Size() != 10 || v.Token(0) != "\n" || v.Token(9) != "w" {
		t.Fatalf("size %d, tokens %q..%q", v.Size(), v.Token(0), v.Token(v.Size()-1))
	}
	ids, err := v.Encode([]byte("low\n"))
	if err != nil {
		t.Fatal(err)
	}
	if want := []int32{6, 7, 9, 0}; !equalInt32(ids, want) {
		t.Errorf("Encode = %v, want %v", ids, want)
	}
	back, err := v.Decode(ids)
	if err != nil || string(back) != "low\n" {
		t.Errorf("Decode = %q, %v", back, err)
	}
	if _, err := v.Encode([]byte("hex")); err == nil || !strings.Contains(err.Error(), "byte 0x78 at offset 2") {
		t.Errorf("Encode of unknown byte: %v", err)
	}
	if _, err := v.Decode([]int32{1, 10}); err == nil || !strings.Contains(err.Error(), "token id 10 at position 1") {
		t.Errorf("Decode of bad id: %v", err)
	}
	// Order independence.
	w := NewByteVocab([]byte("\ndlrow ,olleh"))
	for i := range v.Size() {
		if v.Token(i) != w.Token(i) {
			t.Fatalf("vocabularies differ at %d", i)
		}
	}
}

func TestRuneVocab(t *testing.T) {
	text := []byte("£20, a café")
	v, err := NewRuneVocab(text)
	if err != nil {
		t.Fatal(err)
	}
	if v.Size() != 9 || v.Token(v.Size()-1) != "é" || v.Token(v.Size()-2) != "£" {
		t.Errorf("size %d last tokens %q %q", v.Size(), v.Token(v.Size()-2), v.Token(v.Size()-1))
	}
	ids, err := v.Encode(text)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 11 {
		t.Errorf("%d ids for 11 characters", len(ids))
	}
	back, err := v.Decode(ids)
	if err != nil || string(back) != string(text) {
		t.Errorf("round trip %q, %v", back, err)
	}
	if _, err := NewRuneVocab([]byte{'a', 0xff}); err == nil || !strings.Contains(err.Error(), "offset 1") {
		t.Errorf("invalid UTF-8 accepted: %v", err)
	}
	if _, err := v.Encode([]byte("ab\xc3")); err == nil || !strings.Contains(err.Error(), "not in the vocabulary") {
		t.Errorf("unknown rune: %v", err)
	}
	if _, err := v.Encode([]byte("a\xc3")); err == nil || !strings.Contains(err.Error(), "invalid UTF-8 at byte offset 1") {
		t.Errorf("truncated rune: %v", err)
	}
}

func equalInt32(a, b []int32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
