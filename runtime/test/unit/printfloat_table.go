//go:build ignore

// Reference for the printfloat table in print_test.cpp: prints that table's rows, each
// value's bits with the line gc's println writes for it.
//
//	HOME=/tmp GOCACHE=/tmp/gocache GO111MODULE=off /usr/lib/go-1.19/bin/go run printfloat_table.go
//
// println writes to standard error from inside the runtime, so the program runs itself
// a second time (TALPA_PRINTFLOAT_CHILD=1) to collect those lines.
package main

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"strings"
)

type value struct {
	v    float64
	note string
}

func values() []value {
	two, three, zero := 2.0, 3.0, 0.0
	vs := []value{
		{0, "0"},
		{math.Copysign(0, -1), "-0"},
		{1, "1"},
		{-1, "-1"},
		{1.5, "1.5"},
		{-1.5, "-1.5"},
		{0.5, "0.5"},
		{0.1, "0.1"},
		{two / three, "2.0/3"},
		{-two / three, "-2.0/3"},
		{10, "10"},
		{100, "100"},
		{123456789.0, "123456789.0"},
		{1e100, "1e100"},
		{1e-100, "1e-100"},
		{1e23, "1e23"},
		{1e308, "1e308"},
		{math.MaxFloat64, "math.MaxFloat64"},
		{-math.MaxFloat64, "-math.MaxFloat64"},
		{math.SmallestNonzeroFloat64, "5e-324, the smallest subnormal"},
		{2.2250738585072014e-308, "the smallest normal"},
		{1e-320, "1e-320: gc's inexact scaling prints 9.999889e-321"},
		{math.Pi, "math.Pi"},
		{math.E, "math.E"},
		{9.9999995, "rounding carries into the next decade"},
		{9.99999949, "rounding stays below 10"},
		{0.99999999, "0.99999999"},
		{9999999.5, "9999999.5"},
		{12345678.9, "12345678.9"},
		{float64(1 << 53), "1<<53"},
		{float64(math.MinInt64), "float64(math.MinInt64)"},
		{1e-5, "1e-5"},
		{123e-7, "123e-7"},
		{math.NaN(), "NaN"},
		{-math.NaN(), "NaN with the sign bit"},
		{math.Inf(1), "+Inf"},
		{math.Inf(-1), "-Inf"},
		{1 / zero * 0, "Inf*0, the default NaN"},
	}
	// xorshift64 bit patterns: values spread over every exponent.
	state := uint64(0x9E3779B97F4A7C15)
	for i := 0; i < 40; i++ {
		state ^= state << 13
		state ^= state >> 7
		state ^= state << 17
		vs = append(vs, value{math.Float64frombits(state), ""})
	}
	return vs
}

func main() {
	vs := values()
	if os.Getenv("TALPA_PRINTFLOAT_CHILD") != "" {
		for _, v := range vs {
			println(v.v)
		}
		return
	}
	self, err := os.Executable()
	if err != nil {
		panic(err)
	}
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), "TALPA_PRINTFLOAT_CHILD=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		panic(err)
	}
	lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
	if len(lines) != len(vs) {
		panic("child printed a different number of lines")
	}
	for i, v := range vs {
		comment := ""
		if v.note != "" {
			comment = " // " + v.note
		}
		fmt.Printf("    {0x%016x, %q},%s\n", math.Float64bits(v.v), lines[i], comment)
	}
}
