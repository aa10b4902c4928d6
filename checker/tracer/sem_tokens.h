/* Semaphores used as tokens: which thread took which token and has not posted it back. */
#ifndef RACELAB_SEM_TOKENS_H
#define RACELAB_SEM_TOKENS_H

#include "lg.h"

/*
 * The ownership rule. A successful sem_wait/trywait/timedwait/clockwait takes a token of the
 * semaphore for the calling thread; a sem_post by a thread that holds one of its tokens gives one
 * back. A semaphore that some thread ever posts while holding none of its tokens is a signal (a
 * count of items, a rendezvous, a "done" flag), not a lock: from then on nobody is said to hold
 * its tokens, and it never joins a wait-for cycle. So a thread blocked on a token semaphore waits
 * for the threads that hold its tokens, as a mutex waiter waits for the owner.
 *
 * Each thread writes only its own table; the watchdog reads them when every thread is stuck.
 */
void lg_token_take(struct lg_thread *t, struct lg_obj *o, const struct lg_site *site);
void lg_token_post(struct lg_thread *t, struct lg_obj *o);
/* In the stuck snapshot: "held T1 L3 mode=s f=SITE" per token held of a token semaphore. */
void lg_tokens_snapshot(void);

#endif
