// RUN: %exit 2 %talpa build -o %t %s 2>&1 | %FileCheck %s

// Constant size limits as gc has them: untyped integers beyond 512 bits are an error at
// the operation that made them; floats past 2^4096 are 512-bit binary floats, so huge
// exponents stay cheap; exponents past big.Float's int32 range do not parse.
package main

const LargeA = 1000000000000000000
const LargeB = LargeA * LargeA * LargeA
const LargeC = LargeB * LargeB * LargeB
const AlsoLargeA = LargeA << 400 << 400 >> 400 >> 400

const a = 1e+500000000
const b = a * a

const MaxInt512 = (1<<256 - 1) * (1<<256 + 1)
const _ = MaxInt512 + 1
const _ = ^MaxInt512

const ten = 1e646456992 / 1e646456991 // fine: 10, to 512 bits
const tiny = 1e-1000000000            // fine: underflows to 0

var _ float64 = 1e646456992
const _ int64 = 1e-10000
const _ int64 = 1e100
const _ = 6e5518446744
const _ = 1 << 1100

func main() {
	println(ten, tiny)
}

// CHECK: # command-line-arguments
// CHECK-NEXT: {{.*}}fail_const_limits.go:10:32: constant multiplication overflow
// CHECK-NEXT: {{.*}}fail_const_limits.go:11:34: constant shift overflow
// CHECK-NEXT: {{.*}}fail_const_limits.go:14:13: constant result is not representable
// CHECK-NEXT: {{.*}}fail_const_limits.go:17:21: constant addition overflow
// CHECK-NEXT: {{.*}}fail_const_limits.go:18:11: constant bitwise complement overflow
// CHECK-NEXT: {{.*}}fail_const_limits.go:23:17: cannot use 1e646456992 (untyped float constant 1e+646456992) as float64 value in variable declaration (overflows)
// CHECK-NEXT: {{.*}}fail_const_limits.go:24:17: cannot use 1e-10000 (untyped float constant) as int64 value in constant declaration (truncated)
// CHECK-NEXT: {{.*}}fail_const_limits.go:25:17: cannot use 1e100 (untyped float constant 1e+100) as int64 value in constant declaration (truncated)
// CHECK-NEXT: {{.*}}fail_const_limits.go:26:11: malformed constant: 6e5518446744
// CHECK-NEXT: {{.*}}fail_const_limits.go:27:16: invalid operation: invalid shift count 1100 (untyped int constant)
// CHECK-NEXT: {{.*}}fail_const_limits.go:27:16: too many errors
// CHECK-NOT: {{.}}
