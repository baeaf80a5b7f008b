/* Uses the installed header: prints the ABI version and entry symbol it was built against. */
#include <connector_abi/connector_abi.h>

#include <stdio.h>

int main(void) {
  cnx_str entry;
  entry.data = CNX_ENTRY_SYMBOL;
  entry.len = sizeof CNX_ENTRY_SYMBOL - 1;
  printf("connector ABI %d.%d, entry %.*s, table %lu bytes\n", CNX_ABI_MAJOR, CNX_ABI_MINOR,
         (int)entry.len, entry.data, (unsigned long)sizeof(cnx_connector_api));
  return 0;
}
