// RUN: %talpa build -gcflags=-N -emit-llvm -target linux/amd64 -o - %s | %FileCheck %s

// Generics by monomorphisation: one internal function per generic function and list of
// type arguments (instances used by instances included), named with the arguments' type
// strings; tracebacks name them as gc does (main.F[...], the DISubprogram's name). An
// instantiated type's descriptor string is gc's: main.Pair[int,string].
package main

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

type T struct{ x int }

func Make[K comparable, V any](k K, v V) *Pair[K, V] { return &Pair[K, V]{k, v} }

func Inner[T any](x T) T { return x }

func Outer[T any](x T) T { return Inner(x) }

func local() {
	type T struct{ y string }
	println(Outer(T{"a"}).y)
}

func main() {
	local()
	println(Make(1, "a").Key, Make(T{}, 2.5).Val, Outer(3), Outer("s"))
}

// CHECK-DAG: @"type:main.Pair[int,string]" = linkonce_odr constant
// CHECK-DAG: @"type:main.Pair[int,string]..str" = {{.*}} i64 21 }
// CHECK-DAG: @"type:main.Pair[main.T,float64]" = linkonce_odr constant
// CHECK-DAG: define internal ptr @"main.Make[int,string]"(i64 %k, %abi.stringStruct %v)
// CHECK-DAG: define internal ptr @"main.Make[main.T,float64]"(ptr %k, double %v)
// CHECK-DAG: define internal i64 @"main.Outer[int]"(i64 %x)
// CHECK-DAG: define internal i64 @"main.Inner[int]"(i64 %x)
// CHECK-DAG: define internal %abi.stringStruct @"main.Outer[string]"
// CHECK-DAG: define internal %abi.stringStruct @"main.Inner[string]"
// The local type T of function local is told apart from the package's T.
// CHECK-DAG: define internal void @"main.Outer[main.T\C2\B71]"(ptr %results, ptr %x)
// CHECK-DAG: !DISubprogram(name: "main.Make[...]", linkageName: "main.Make[int,string]"
// CHECK-DAG: !DISubprogram(name: "main.Outer[...]", linkageName: "main.Outer[int]"
