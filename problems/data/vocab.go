package data

import (
	"fmt"
	"slices"
	"unicode/utf8"
)

// Vocab maps the characters of a corpus to token ids 0..Size()-1 and back.
// Ids are assigned in increasing character order (byte value, or Unicode
// code point for a rune vocabulary), so a vocabulary depends only on the set
// of characters in the text, never on their order or counts.
type Vocab struct {
	runes  bool
	tokens []rune         // tokens[id] is the character (byte value or code point)
	byteID [256]int32     // byte vocabulary: id of each byte, -1 if absent
	runeID map[rune]int32 // rune vocabulary: id of each rune
}

// NewByteVocab builds a vocabulary of the distinct bytes of text.
func NewByteVocab(text []byte) *Vocab {
	var seen [256]bool
	for _, b := range text {
		seen[b] = true
	}
	v := &Vocab{}
	for b := range 256 {
		v.byteID[b] = -1
		if seen[b] {
			v.byteID[b] = int32(len(v.tokens))
			v.tokens = append(v.tokens, rune(b))
		}
	}
	return v
}

// NewRuneVocab builds a vocabulary of the distinct Unicode characters of
// text, which must be valid UTF-8.
func NewRuneVocab(text []byte) (*Vocab, error) {
	if off := invalidUTF8(text); off >= 0 {
		return nil, fmt.Errorf("data: invalid UTF-8 at byte offset %d", off)
	}
	set := make(map[rune]struct{})
	for _, r := range string(text) {
		set[r] = struct{}{}
	}
	v := &Vocab{runes: true, runeID: make(map[rune]int32, len(set))}
	for r := range set {
		v.tokens = append(v.tokens, r)
	}
	slices.Sort(v.tokens)
	for id, r := range v.tokens {
		v.runeID[r] = int32(id)
	}
	return v, nil
}

// Size is the number of tokens.
func (v *Vocab) Size() int { return len(v.tokens) }

// Token returns the text of token id.
func (v *Vocab) Token(id int) string {
	if v.runes {
		return string(v.tokens[id])
	}
	return string([]byte{byte(v.tokens[id])})
}

// Encode returns the token ids of text. A character outside the vocabulary
// (or invalid UTF-8 for a rune vocabulary) is an error naming its byte offset.
func (v *Vocab) Encode(text []byte) ([]int32, error) {
	if !v.runes {
		ids := make([]int32, len(text))
		for i, b := range text {
			id := v.byteID[b]
			if id < 0 {
				return nil, fmt.Errorf("data: byte 0x%02x at offset %d is not in the vocabulary", b, i)
			}
			ids[i] = id
		}
		return ids, nil
	}
	ids := make([]int32, 0, len(text))
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRune(text[i:])
		if r == utf8.RuneError && size <= 1 {
			return nil, fmt.Errorf("data: invalid UTF-8 at byte offset %d", i)
		}
		id, ok := v.runeID[r]
		if !ok {
			return nil, fmt.Errorf("data: character %q at byte offset %d is not in the vocabulary", r, i)
		}
		ids = append(ids, id)
		i += size
	}
	return ids, nil
}

// Decode returns the text of the token ids. An id outside 0..Size()-1 is an
// error naming its position.
func (v *Vocab) Decode(ids []int32) ([]byte, error) {
	out := make([]byte, 0, len(ids))
	for i, id := range ids {
		if id < 0 || int(id) >= len(v.tokens) {
			return nil, fmt.Errorf("data: token id %d at position %d is outside 0..%d", id, i, len(v.tokens)-1)
		}
		if v.runes {
			out = utf8.AppendRune(out, v.tokens[id])
		} else {
			out = append(out, byte(v.tokens[id]))
		}
	}
	return out, nil
}

// invalidUTF8 returns the offset of the first invalid UTF-8 sequence, or -1.
func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}
