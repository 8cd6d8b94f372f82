// Command ssecheck finds legacy-SSE instructions that can execute while the
// upper halves of the vector registers are dirty, in the disassembly of a Go
// binary (binutils objdump -d; go tool objdump mis-decodes FMA).
//
//	GOEXPERIMENT=simd go test -c -o kernel.test ./optim/kernel
//	go run ./internal/xstate/ssecheck kernel.test
//
// On Intel CPUs each such instruction can cost a state transition of
// hundreds of cycles (../shared/FINDINGS.md). An instruction dirties the
// state when it is EVEX-encoded or VEX-encoded with a 256-bit operand;
// VZEROUPPER and VZEROALL clean it; a legacy-SSE instruction is one with an
// XMM operand and no VEX or EVEX prefix. The state is tracked along the
// control-flow graph of every function (dirty if dirty on any path) and
// across direct calls (a call made while dirty enters the callee dirty; the
// state after a call is what the callee leaves). Functions are otherwise
// assumed to be entered clean. Paths into panics and stack growth are not
// followed (cold), nor is the runtime's asynchronous preemption, which is
// entered by a signal and leaves the state dirty whatever the code does.
//
// This complements the XINUSE tests (TestReturnsClean in optim/kernel,
// internal/vmath and problems/nn): those catch a vector function that
// returns dirty, but on AMD (Zen 3 measured) XINUSE reads clean again once
// the upper halves happen to be zero, for instance after a 256-bit reload
// followed by 128-bit VEX writes to the same registers, and they cannot see
// legacy-SSE instructions inside a function that ends with VZEROUPPER.
// TestVectorCodeClean runs this check on the test binaries of those
// packages in `go test`.
//
// It prints one line per finding, a legacy-SSE instruction reached dirty or
// a function that returns dirty although no direct call enters it dirty
// (the vector loops are called through dispatch tables, which the analysis
// cannot follow; helpers that take or return vectors are called dirty): the
// function, the address, the instruction and the vector instruction (or the
// dirty call) the state comes from. It exits 1 if there is any. Functions
// whose name matches -funcs are reported, and any function entered dirty.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// The defaults of the flags.
const (
	defaultFuncs    = `github\.com/sfbench/sfbench/|simd/archsimd`
	defaultSkip     = `^runtime\.asyncPreempt`
	defaultNoreturn = `^runtime\.(panic|goPanic|gopanic|throw|fatal|morestack)`
)

var (
	skipRE     = regexp.MustCompile(defaultSkip)
	noreturnRE = regexp.MustCompile(defaultNoreturn)
	verbose    = flag.Bool("v", false, "print the calls made with dirty state")
)

func main() {
	funcs := flag.String("funcs", defaultFuncs, "report functions whose names match this regexp")
	skip := flag.String("skip", defaultSkip, "functions to leave out (entered by the signal handler, not by calls)")
	noreturn := flag.String("noreturn", defaultNoreturn, "functions whose calls end a path and are not followed (panics; stack growth, which restarts the function)")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: ssecheck [flags] BINARY...")
		os.Exit(2)
	}
	re, err := regexp.Compile(*funcs)
	if err == nil {
		skipRE, err = regexp.Compile(*skip)
	}
	if err == nil {
		noreturnRE, err = regexp.Compile(*noreturn)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "ssecheck:", err)
		os.Exit(2)
	}
	found := 0
	for _, bin := range flag.Args() {
		n, err := check(os.Stdout, bin, re)
		if err != nil {
			fmt.Fprintln(os.Stderr, "ssecheck:", err)
			os.Exit(2)
		}
		found += n
	}
	if found > 0 {
		fmt.Printf("%d findings: legacy-SSE instructions reachable, or returns, with the upper state dirty\n", found)
		os.Exit(1)
	}
}

func check(w io.Writer, bin string, re *regexp.Regexp) (int, error) {
	cmd := exec.Command("objdump", "-d", "-w", bin)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, err
	}
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	finds, err := analyzeListing(out, re)
	if err != nil {
		return 0, err
	}
	if err := cmd.Wait(); err != nil {
		return 0, fmt.Errorf("objdump %s: %v", bin, err)
	}
	for _, f := range finds {
		fmt.Fprintf(w, "%s: %s\n", bin, f)
	}
	return len(finds), nil
}

// analyzeListing returns the findings in an objdump -d -w listing.
func analyzeListing(r io.Reader, re *regexp.Regexp) ([]finding, error) {
	prog, err := parse(r)
	if err != nil {
		return nil, err
	}
	return prog.analyze(re), nil
}

// ins is one decoded instruction.
type ins struct {
	addr   uint64
	text   string // mnemonic and operands
	kind   kind
	target uint64 // jump or call target; 0 if none or indirect
}

type kind int

const (
	plain    kind = iota
	legacy        // legacy-SSE (XMM operand, no VEX/EVEX)
	wide          // dirties the upper state
	zeroUp        // VZEROUPPER / VZEROALL
	jump          // unconditional jump
	condJump      // conditional jump
	call          // call
	ret           // return (or a trap that ends the path)
)

type function struct {
	name string
	ins  []ins
	idx  map[uint64]int // address → index in ins
}

type program struct {
	funcs  []*function
	byAddr map[uint64]*function
}

var (
	headerRE = regexp.MustCompile(`^([0-9a-f]+) <(.*)>:$`)
	targetRE = regexp.MustCompile(`^([0-9a-f]+)( <.*>)?$`)
	wideRE   = regexp.MustCompile(`%ymm|%zmm|%k[0-7]\b|%xmm(1[6-9]|2[0-9]|3[01])\b`)
)

func parse(r io.Reader) (*program, error) {
	p := &program{byAddr: map[uint64]*function{}}
	var cur *function
	s := bufio.NewScanner(r)
	s.Buffer(make([]byte, 1<<20), 1<<20)
	for s.Scan() {
		line := s.Text()
		if m := headerRE.FindStringSubmatch(line); m != nil {
			a, _ := strconv.ParseUint(m[1], 16, 64)
			cur = &function{name: m[2], idx: map[uint64]int{}}
			if skipRE.MatchString(cur.name) {
				cur.ins = nil
				continue // its instructions are parsed into a function never analysed
			}
			p.funcs = append(p.funcs, cur)
			p.byAddr[a] = cur
			continue
		}
		if cur == nil || !strings.HasPrefix(line, " ") {
			continue
		}
		fields := strings.SplitN(line, "\t", 3)
		if len(fields) < 3 {
			continue
		}
		a, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(fields[0]), ":"), 16, 64)
		if err != nil {
			continue
		}
		in := decode(a, strings.Fields(fields[1]), strings.TrimSpace(fields[2]))
		cur.idx[a] = len(cur.ins)
		cur.ins = append(cur.ins, in)
	}
	return p, s.Err()
}

// decode classifies one instruction from its bytes and its AT&T text.
func decode(addr uint64, hex []string, text string) ins {
	in := ins{addr: addr, text: text}
	mn, ops, _ := strings.Cut(text, " ")
	ops = strings.TrimSpace(ops)
	for mn == "rex" || mn == "notrack" || mn == "bnd" || mn == "data16" || mn == "lock" || strings.HasPrefix(mn, "rep") {
		mn, ops, _ = strings.Cut(ops, " ")
		ops = strings.TrimSpace(ops)
	}
	// The first byte that is not a legacy or REX prefix tells the encoding.
	var op byte
	for _, h := range hex {
		b, err := strconv.ParseUint(h, 16, 8)
		if err != nil {
			break
		}
		if isPrefix(byte(b)) {
			continue
		}
		op = byte(b)
		break
	}
	vex, evex := op == 0xc4 || op == 0xc5, op == 0x62
	switch {
	case mn == "vzeroupper" || mn == "vzeroall":
		in.kind = zeroUp
	case evex || vex && wideRE.MatchString(ops):
		in.kind = wide
	case !vex && strings.Contains(ops, "%xmm"):
		in.kind = legacy
	case mn == "ret" || mn == "ud2" || mn == "int3" || mn == "hlt":
		in.kind = ret
	case mn == "jmp":
		in.kind = jump
		in.target = parseTarget(ops)
	case strings.HasPrefix(mn, "j"):
		in.kind = condJump
		in.target = parseTarget(ops)
	case mn == "call":
		in.kind = call
		in.target = parseTarget(ops)
	}
	return in
}

func isPrefix(b byte) bool {
	switch b {
	case 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3:
		return true
	}
	return b&0xf0 == 0x40 // REX
}

func parseTarget(ops string) uint64 {
	m := targetRE.FindStringSubmatch(ops)
	if m == nil {
		return 0 // indirect
	}
	a, _ := strconv.ParseUint(m[1], 16, 64)
	return a
}

// state is the upper state on entry to an instruction: clean, or dirty
// because of the instruction at from (the first one found).
type state struct {
	dirty bool
	from  ins
}

type finding struct {
	fn   string
	ins  ins
	from ins
}

func (f finding) String() string {
	return fmt.Sprintf("%s %x: %s (dirty from %x: %s)", f.fn, f.ins.addr, f.ins.text, f.from.addr, f.from.text)
}

// summary is what a function leaves on return for each entry state.
type summary struct{ afterClean, afterDirty state }

// analyze runs the dataflow over every function until nothing changes.
func (p *program) analyze(re *regexp.Regexp) []finding {
	sums := map[*function]*summary{}
	entryDirty := map[*function]state{}
	for _, f := range p.funcs {
		sums[f] = &summary{}
	}
	for changed := true; changed; {
		changed = false
		for _, f := range p.funcs {
			for _, entry := range entries(entryDirty[f]) {
				out, calls, _ := p.flow(f, entry, sums)
				s := sums[f]
				slot := &s.afterClean
				if entry.dirty {
					slot = &s.afterDirty
				}
				if out.dirty && !slot.dirty {
					*slot, changed = out, true
				}
				for g, st := range calls {
					if !entryDirty[g].dirty {
						entryDirty[g], changed = st, true
					}
				}
			}
		}
	}
	var finds []finding
	for _, f := range p.funcs {
		for _, entry := range entries(entryDirty[f]) {
			if !entry.dirty && !re.MatchString(f.name) {
				continue
			}
			_, _, fs := p.flow(f, entry, sums)
			finds = append(finds, fs...)
		}
		// A function never called dirty that returns dirty (see the
		// package comment).
		if out := sums[f].afterClean; out.dirty && !entryDirty[f].dirty && re.MatchString(f.name) {
			finds = append(finds, finding{f.name, ins{addr: out.from.addr, text: "returns with the upper state in use"}, out.from})
		}
	}
	sort.Slice(finds, func(i, j int) bool { return finds[i].ins.addr < finds[j].ins.addr })
	uniq := finds[:0]
	for i, f := range finds {
		if i == 0 || f.ins.addr != finds[i-1].ins.addr {
			uniq = append(uniq, f)
		}
	}
	return uniq
}

// entries are the entry states to analyse a function with: clean, and
// dirty if some call enters it dirty.
func entries(dirty state) []state {
	if dirty.dirty {
		return []state{{}, dirty}
	}
	return []state{{}}
}

// flow propagates the state through f from entry. It returns the state at
// the returns (dirty if any return is reached dirty), the callees entered
// dirty, and the legacy-SSE instructions reached dirty.
func (p *program) flow(f *function, entry state, sums map[*function]*summary) (state, map[*function]state, []finding) {
	in := make([]state, len(f.ins))
	seen := make([]bool, len(f.ins))
	calls := map[*function]state{}
	var out state
	var finds []finding
	var work []int
	push := func(i int, s state) {
		if i < 0 || i >= len(f.ins) {
			return
		}
		if !seen[i] || s.dirty && !in[i].dirty {
			seen[i], in[i] = true, s
			work = append(work, i)
		}
	}
	if len(f.ins) > 0 {
		push(0, entry)
	}
	merge := func(s state) {
		if s.dirty && !out.dirty {
			out = s
		}
	}
	reported := map[int]bool{}
	for len(work) > 0 {
		i := work[len(work)-1]
		work = work[:len(work)-1]
		s, x := in[i], f.ins[i]
		next := s
		switch x.kind {
		case wide:
			if !s.dirty {
				next = state{true, x}
			}
		case zeroUp:
			next = state{}
		case legacy:
			if s.dirty && !reported[i] {
				reported[i] = true
				finds = append(finds, finding{f.name, x, s.from})
			}
		case ret:
			merge(s)
			continue
		case jump, condJump:
			if j, ok := f.idx[x.target]; ok && x.target != 0 {
				push(j, s)
			} else if g := p.byAddr[x.target]; g != nil {
				merge(p.callState(f, x, g, s, calls, sums)) // tail call
			} else if x.kind == jump {
				merge(s) // indirect jump: a tail call or a switch; assume it ends here
			}
			if x.kind == jump {
				continue
			}
		case call:
			if g := p.byAddr[x.target]; g != nil && noreturnRE.MatchString(g.name) {
				continue
			} else if g != nil {
				next = p.callState(f, x, g, s, calls, sums)
			} else if s.dirty && !reported[i] {
				reported[i] = true
				finds = append(finds, finding{f.name, x, s.from}) // indirect call made dirty
			}
		}
		push(i+1, next)
	}
	return out, calls, finds
}

// callState is the state after calling g with state s, recording g as
// entered dirty when s is. The summaries start clean and only ever turn
// dirty, so the analysis reaches the least fixed point.
// The callee's dirty entry is attributed to the call (f, at).
func (p *program) callState(f *function, at ins, g *function, s state, calls map[*function]state, sums map[*function]*summary) state {
	if !s.dirty {
		return sums[g].afterClean
	}
	if _, ok := calls[g]; !ok {
		calls[g] = state{true, ins{addr: at.addr, text: "entered dirty by " + f.name + " (" + at.text + ")"}}
		if *verbose {
			fmt.Fprintf(os.Stderr, "dirty call of %s from %s (dirty from %x %s)\n", g.name, f.name, s.from.addr, s.from.text)
		}
	}
	return sums[g].afterDirty
}
