// Replaces program.c with a version that calls a function nobody defines: the link must
// fail with lld's "undefined symbol" message, not crash, and leave no output behind.
const char talpa_message[] = "unreachable\n";
unsigned long talpa_missing(void);
unsigned long talpa_message_len(void) { return talpa_missing(); }
