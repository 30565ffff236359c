/* fannkuch.c: the C port of ../fannkuch.go, statement for statement: the same
 * permutation order, flip loop, checksum and output. */
#include "goprint.h"

enum { n = 11 };

/* fannkuch stores the checksum and the maximum number of flips for permutations of n
 * elements (n <= 16). */
static void fannkuch(int n, long long *checksum_out, long long *max_flips_out) {
  long long perm[16], perm1[16] = {0}, count[16] = {0};
  for (int i = 0; i < n; i++)
    perm1[i] = i;
  long long checksum = 0, max_flips = 0, perm_index = 0;
  int r = n;
  for (;;) {
    for (; r != 1; r--)
      count[r - 1] = r;

    /* Flip a copy of the permutation until its first element is 0. */
    memcpy(perm, perm1, sizeof perm);
    long long flips = 0;
    for (long long k = perm[0]; k != 0; k = perm[0]) {
      for (long long i = 0, j = k; i < j; i++, j--) {
        long long t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
      }
      flips++;
    }
    if (flips > max_flips) max_flips = flips;
    if (perm_index % 2 == 0)
      checksum += flips;
    else
      checksum -= flips;

    /* Next permutation: rotate the first r+1 elements left by one until a rotation
     * count is not exhausted. */
    for (;;) {
      if (r == n) {
        *checksum_out = checksum;
        *max_flips_out = max_flips;
        return;
      }
      long long first = perm1[0];
      for (int i = 0; i < r; i++)
        perm1[i] = perm1[i + 1];
      perm1[r] = first;
      count[r]--;
      if (count[r] > 0) break;
      r++;
    }
    perm_index++;
  }
}

int main(void) {
  long long checksum, max_flips;
  fannkuch(n, &checksum, &max_flips);
  go_int(checksum);
  go_endl();
  go_str("Pfannkuchen(");
  go_int(n);
  go_str(") =");
  go_int(max_flips);
  go_endl();
  return 0;
}
