// RUN: %exit 1 %talpa tool parse %s 2>&1 | %FileCheck %s

// //line and /*line*/ directives move the positions of later diagnostics as gc's do
// (checked against go1.19's `go tool compile`): //line only at the start of a line and
// from the next line on, /*line*/ anywhere and right after it; a column given counts on
// the directive's own line only; an empty file name with a column keeps the last one.
package p

//line foo.go:10
var a = 1 +
//line :20:5
var c int = @
/*line bar.go:30:7*/ var d int = (
//line baz.go:x
//line baz.go:0
//line baz.go:1:0
	//line ignored.go:99

// CHECK: foo.go:20:5: syntax error: unexpected var, expecting expression
// CHECK-NEXT: foo.go:20:17: invalid character U+0040 '@'
// CHECK-NEXT: bar.go:31:15: invalid line number: x
// CHECK-NEXT: bar.go:32:15: invalid line number: 0
// CHECK-NEXT: bar.go:33:17: invalid column number: 0
// CHECK-NOT: {{.}}
