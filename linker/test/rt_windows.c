// Stands in for libtalpart.a on windows: talpa_rt0 writes the message through kernel32,
// whose imports come from the linker's generated import library.
typedef void *HANDLE;
__declspec(dllimport) HANDLE GetStdHandle(unsigned long which);
__declspec(dllimport) int WriteFile(HANDLE h, const void *buf, unsigned long n,
                                    unsigned long *written, void *overlapped);
__declspec(dllimport) void ExitProcess(unsigned code);

extern const char talpa_message[];
unsigned long talpa_message_len(void);

void talpa_rt0(void) {
  unsigned long written = 0;
  WriteFile(GetStdHandle((unsigned long)-11), talpa_message, talpa_message_len(), &written, 0);
  ExitProcess(7);
}
