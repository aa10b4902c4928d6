/* A rendezvous for two threads: neither passes until both have arrived. */
#ifndef RENDEZVOUS_H
#define RENDEZVOUS_H

void rendezvous_init(void);
/* side is 0 or 1. Returns once the other side has called rendezvous() as often as this one. */
void rendezvous(int side);
void rendezvous_destroy(void);

#endif
