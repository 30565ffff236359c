/* binarytrees.c: the C port of ../binarytrees.go with malloc and free: the same trees,
 * built and counted in the same order. Where Go's collector reclaims a tree, this port
 * frees it with one more walk (each node once) right after counting it. */
#include <stdlib.h>

#include "goprint.h"

enum { min_depth = 4, max_depth = 17 };

typedef struct Node {
  struct Node *left, *right;
} Node;

static Node *new_node(Node *left, Node *right) {
  Node *n = malloc(sizeof *n);
  if (!n) exit(2);
  n->left = left;
  n->right = right;
  return n;
}

/* bottom_up builds a perfect tree of the given depth. */
static Node *bottom_up(int depth) {
  if (depth <= 0) return new_node(NULL, NULL);
  /* Go evaluates the two calls left to right; C's argument order is unspecified. */
  Node *left = bottom_up(depth - 1);
  Node *right = bottom_up(depth - 1);
  return new_node(left, right);
}

/* check counts the nodes of the tree. */
static long long check(const Node *n) {
  if (n->left == NULL) return 1;
  return 1 + check(n->left) + check(n->right);
}

static void free_tree(Node *n) {
  if (n->left != NULL) {
    free_tree(n->left);
    free_tree(n->right);
  }
  free(n);
}

/* check_and_free counts a tree's nodes and frees it. */
static long long check_and_free(Node *n) {
  long long c = check(n);
  free_tree(n);
  return c;
}

int main(void) {
  int stretch = max_depth + 1;
  go_str("stretch tree of depth");
  go_int(stretch);
  go_str("check:");
  go_int(check_and_free(bottom_up(stretch)));
  go_endl();

  Node *long_lived = bottom_up(max_depth);

  for (int depth = min_depth; depth <= max_depth; depth += 2) {
    long long iterations = 1LL << (max_depth - depth + min_depth);
    long long sum = 0;
    for (long long i = 0; i < iterations; i++)
      sum += check_and_free(bottom_up(depth));
    go_int(iterations);
    go_str("trees of depth");
    go_int(depth);
    go_str("check:");
    go_int(sum);
    go_endl();
  }

  go_str("long lived tree of depth");
  go_int(max_depth);
  go_str("check:");
  go_int(check_and_free(long_lived));
  go_endl();
  return 0;
}
