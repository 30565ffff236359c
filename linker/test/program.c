// Stands in for the compiler's objects: data and code the runtime entry point reaches.
const char talpa_message[] = "hello from talpa-link\n";

unsigned long talpa_message_len(void) { return sizeof talpa_message - 1; }

// Unreferenced: --gc-sections / /opt:ref / -dead_strip should drop it.
unsigned long talpa_unused(unsigned long x) { return x * 3 + 1; }
