/* Compiled by record.sh: a fatal error (a header that does not exist). */
#include "nope.h"

int main(void) { return 0; }
