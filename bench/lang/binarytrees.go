// run

// binarytrees: allocation and garbage collection. The classic benchmark's shape: one
// stretch tree of depth maxDepth+1 built and dropped, one long-lived tree of depth
// maxDepth kept across the run, and for every even depth from minDepth to maxDepth
// many short-lived trees of that depth, each built bottom-up and walked to count its
// nodes. Nearly all the time is in allocating 16-byte nodes and collecting them.
package main

const (
	minDepth = 4
	maxDepth = 17
)

// Node is a binary tree node; a leaf has no children.
type Node struct {
	left, right *Node
}

// bottomUp builds a perfect tree of the given depth.
func bottomUp(depth int) *Node {
	if depth <= 0 {
		return &Node{}
	}
	return &Node{bottomUp(depth - 1), bottomUp(depth - 1)}
}

// check counts the nodes of the tree.
func (n *Node) check() int {
	if n.left == nil {
		return 1
	}
	return 1 + n.left.check() + n.right.check()
}

func main() {
	stretch := maxDepth + 1
	println("stretch tree of depth", stretch, "check:", bottomUp(stretch).check())

	longLived := bottomUp(maxDepth)

	for depth := minDepth; depth <= maxDepth; depth += 2 {
		iterations := 1 << (maxDepth - depth + minDepth)
		sum := 0
		for i := 0; i < iterations; i++ {
			sum += bottomUp(depth).check()
		}
		println(iterations, "trees of depth", depth, "check:", sum)
	}

	println("long lived tree of depth", maxDepth, "check:", longLived.check())
}
