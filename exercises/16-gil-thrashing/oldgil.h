/* The GIL of our interpreter, version 1: a lock and a tick counter, as CPython had before 3.2. */
#ifndef OLDGIL_H
#define OLDGIL_H

/* Take / give up the GIL. A thread releases it around blocking calls (here: waiting for a request). */
void ogil_acquire(void);
void ogil_release(void);

/*
 * Called by the interpreter after every "bytecode instruction" while holding the GIL. It is the
 * only chance a CPU-bound thread gives others to run: a thread that never blocks never calls
 * ogil_release() on its own.
 */
void ogil_tick(void);

#endif
