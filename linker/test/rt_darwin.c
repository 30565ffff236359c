// Stands in for libtalpart.a on darwin: main writes the message through libSystem, whose
// symbols come from the linker's generated libSystem.tbd.
long write(int fd, const void *buf, unsigned long n);
void exit(int code);

extern const char talpa_message[];
unsigned long talpa_message_len(void);

int main(void) {
  write(1, talpa_message, talpa_message_len());
  exit(7);
  return 0;
}
