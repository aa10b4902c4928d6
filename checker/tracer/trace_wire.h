/* The lock tracer's wire format: what liblockgraph.so writes and checker/detect/lockgraph reads. */
#ifndef RACELAB_TRACE_WIRE_H
#define RACELAB_TRACE_WIRE_H

/*
 * The one definition of the trace both programs agree on: the tracer (checker/tracer/) writes it
 * and the detector (checker/detect/lockgraph/) parses it, so a change here changes both sides at
 * once. This header includes nothing: the tracer may include nothing of the checker's, and the
 * detector includes it as "tracer/trace_wire.h".
 *
 * One record per line, space-separated tokens, each line written with one write(2) (lines of
 * different threads never interleave). Threads are "main" and "T<n>" (creation order); objects
 * "L<n>" (first-use order). SITE is "-" or up to LG_SITE_FRAMES comma-separated hex offsets into
 * the executable, innermost first (return addresses: resolve offset - 1). The records, by tag:
 *
 *   lockgraph 1 pid=N                       header, always first (1 is LG_FORMAT)
 *   config seed=S hang_ms=H starve_ms=W hold_ms=B
 *   exe bias=HEX size=HEX                   load bias of the executable (informational)
 *   maxthreads N                            new maximum of program threads alive at once
 *   thread T2 parent=main f=SITE            pthread_create
 *   exit T2                                 a thread ended
 *   obj L3 KIND exe=OFF|addr=HEX f=SITE     first use of an object (exe=: a global); a spinlock
 *                                           is waited for as a mutex (wait=mutex)
 *   barrier L3 count=N                      pthread_barrier_init
 *   edge L1 L2 T1 mode=MM gates=-|L4m,L5r ff=SITE tf=SITE
 *                                           L2 taken while L1 held (blocking acquire); at most
 *                                           LG_GATES gates (other locks held across it)
 *   longwait L1 T3 ms=N overtakes=K f=SITE  a lock wait of >= starve_ms that ended
 *   starve L1 T3 wait=WAIT ms=N overtakes=K f=SITE    still waiting after starve_ms
 *   blockheld L1 T1 call=usleep() ms=N waiters=W f=SITE hf=SITE
 *                                           a lock held across a blocking call
 *   misuse unlock-not-held|cond-wait-unheld|exit-holding T1 L1 f=SITE
 *   stat L1 T2 acq=N maxwait_us=N overtakes=K waitsum_us=N maxhold_us=N
 *   slowwait L1 T3 ms=N tries=F overtakes=K by=T1:5,T2:7|- f=SITE
 *                                           a lock wait of >= LG_SLOWWAIT_MS that ended: blocking
 *                                           (tries=0) or made of F failed trylocks, with who took
 *                                           the lock meanwhile (at most LG_TAKERS threads)
 *   cpuhold L1 T1 ms=N waiter=T2|- waited=MS f=SITE
 *                                           L1 held >= LG_CPUHOLD_MS by T1, which never blocked
 *                                           meanwhile (a CPU stretch), taken at SITE; T2 the
 *                                           thread that had waited longest (MS) at the release
 *   holds L1 T2 h=N0,N1,...                 T2's holds of L1 by length: LG_HOLD_BUCKETS counts
 *   trywait L1 T2 loops=N fails=F us=W heldus=H overtakes=K f=SITE
 *                                           T2's N trylock loops on L1 that ended in a success:
 *                                           F failed tries in all, W us spent trying, H us of it
 *                                           with L1 held by others (timed exactly), K takes by
 *                                           others meanwhile; SITE: where the longest one tried
 *   fork main pid=N
 *   forkheld T1 L1 mode=m|r|w by=main pid=N f=SITE hf=SITE
 *                                           T1 held L1 (taken at hf) all through the fork() at f
 *                                           by main that made child N: the child inherits it
 *                                           locked, with no thread that could unlock it.
 *                                           Written at the fork, or later by the watchdog
 *                                           when child N blocks on a mutex whose copy in the
 *                                           child names T1 its owner (then hf=- unless T1
 *                                           still holds it since before the fork)
 *   forkblock pid=N L1                      the watchdog saw child N, its only thread, blocked
 *                                           untimed in a futex wait on L1, inherited locked
 *   stuck ms=N live=N                       the watchdog's snapshot follows, up to snapend
 *   thr T1 state=blocked wait=WAIT obj=L|- mutex=L|- target=T|- timed=0|1 [value=N] [count=N]
 *       [pid=N] ms=N f=SITE                pid: the child a wait=child (waitpid) waits for, -1 any
 *   thr T2 state=running|exited
 *   held T1 L1 mode=m|r|w|s f=SITE          s: T1 took a token of semaphore L1 and has not
 *                                           posted it back (only for semaphores never posted
 *                                           by a thread holding none of their tokens)
 *   pipewait pid=N T1|- call=read|write|pollin|pollout|selectin|selectout fd=N pipe=INO f=SITE
 *                                           in a deadlock through processes (the snapshot
 *                                           holds these only then): process N (its thread T1,
 *                                           or "-" in a child) is blocked in that call on pipe
 *                                           INO, whose other end only blocked processes hold;
 *                                           pollin...selectout: one of the waits of a poll()
 *                                           or select()
 *   pipeend pid=N pipe=INO end=r|w          process N holds that end of pipe INO
 *   snapend
 *   nowatchdog                              the watchdog thread could not start
 *   calls NAME N                            per-wrapper call counts at exit, NAME from LG_CALLS
 *   truncated threads|objects|edges|...     a fixed table overflowed / the output cap was reached
 *   fini                                    normal process exit
 *   evinfo total=N kept=K                   the event log follows (at exit or in a snapshot):
 *                                           N events happened, K are written (the first and
 *                                           the last ones; those between were dropped)
 *   evcount T2 events=N acq=K wait=W        a thread's totals in the event log (all of them,
 *                                           dropped or not), at its exit or at the end
 *   ev SEQ NS T2 TYPE L3|- ARG PC           one event: its global order SEQ, CLOCK_MONOTONIC
 *                                           ns, the thread, TYPE from LG_WIRE_EVENTS, the
 *                                           object, ARG (a mode, a call, a thread number) and
 *                                           the program's call site (exe offset, hex) or "-"
 *
 * Under the controlled scheduler (a PCT schedule), in addition:
 *   schedcfg pct depth=D steps=K change=C1,C2|-   the schedule's parameters, after "config"
 *   sched STEP T2 CALL f=SITE               a decision: at step STEP thread T2 runs and makes
 *                                           CALL (a name from LG_CALLS, or "start"); written
 *                                           when more than one thread could run or the turn
 *                                           changes hands; the same seed writes the same lines
 *   preempt T1 by=T2 ms=N step=S            T1 reached no sync point for N ms: T2 runs too
 *                                           (the rest of the run is no longer an exact replay)
 *   schedfair step=S                        from step S on threads take turns (a long run)
 *   schedoff step=S preempts=P              control given up (the program busy-waits outside
 *                                           sync calls): the rest of the run is uncontrolled
 *   schedend steps=N switches=W preempts=P fair=0|1 recorded=all|partial
 *                                           at exit, and before the snapshot of a deadlock
 *                                           ("stuck ms=0": no thread could run)
 *
 * KIND "gil" is no pthread object: it stands for CPython's GIL (a flag under a mutex and a
 * condition variable inside libpython), which the tracer sees through CPython's C API; it appears
 * only in "obj" and "blockheld" records ("hf=-": where the GIL was taken is CPython's business).
 * SITE offsets are into RACELAB_LOCKGRAPH_MODULE's shared object instead of the executable when
 * the harness names one (a C extension run by an interpreter).
 *
 * KIND is a name from LG_WIRE_OBJ_KINDS, WAIT one from LG_WIRE_WAITS, MM two of m|r|w.
 */

/* Version of the format: the second token of the header line. */
#define LG_FORMAT 1
#define LG_WIRE_STR_(x) #x
#define LG_WIRE_STR(x) LG_WIRE_STR_(x)
#define LG_FORMAT_STR LG_WIRE_STR(LG_FORMAT) /* "1", as the header line writes it */

/* Exit status of a process the watchdog ended because every thread was stuck. */
#define LG_EXIT_STUCK 86

#define LG_SITE_FRAMES 4 /* return addresses per call site, innermost first */
#define LG_GATES 4       /* other locks written as gates of one edge, at most */

/* Record tags: the first token of a line. */
#define LG_REC_HEADER "lockgraph"
#define LG_REC_CONFIG "config"
#define LG_REC_EXE "exe"
#define LG_REC_MAXTHREADS "maxthreads"
#define LG_REC_THREAD "thread"
#define LG_REC_EXIT "exit"
#define LG_REC_OBJ "obj"
#define LG_REC_BARRIER "barrier"
#define LG_REC_EDGE "edge"
#define LG_REC_LONGWAIT "longwait"
#define LG_REC_STARVE "starve"
#define LG_REC_BLOCKHELD "blockheld"
#define LG_REC_MISUSE "misuse"
#define LG_REC_STAT "stat"
#define LG_REC_FORK "fork"
#define LG_REC_FORKHELD "forkheld"
#define LG_REC_FORKBLOCK "forkblock"
#define LG_REC_PIPEWAIT "pipewait"
#define LG_REC_PIPEEND "pipeend"
#define LG_REC_STUCK "stuck"
#define LG_REC_THR "thr"
#define LG_REC_HELD "held"
#define LG_REC_SNAPEND "snapend"
#define LG_REC_NOWATCHDOG "nowatchdog"
#define LG_REC_CALLS "calls"
#define LG_REC_TRUNCATED "truncated"
#define LG_REC_FINI "fini"
#define LG_REC_EVINFO "evinfo"
#define LG_REC_EV "ev"
#define LG_REC_EVCOUNT "evcount"
#define LG_REC_SLOWWAIT "slowwait"
#define LG_REC_CPUHOLD "cpuhold"
#define LG_REC_HOLDS "holds"
#define LG_REC_TRYWAIT "trywait"

/*
 * Starvation evidence without a per-program threshold (tracer/starve.c writes it, the detector's
 * lockgraph_starve.c judges it). A wait is written from LG_SLOWWAIT_MS, below any rule's floor, so
 * the detector chooses; a hold is "long and on the CPU" from LG_CPUHOLD_MS (hold times come from
 * the watchdog's 20 ms tick). Hold lengths are counted in LG_HOLD_BUCKETS buckets: bucket 0 is a
 * hold under 10 ms, bucket b >= 1 one of [10 * 2^(b-1), 10 * 2^b) ms, the last one the rest.
 */
#define LG_SLOWWAIT_MS 100
#define LG_CPUHOLD_MS 30
#define LG_TAKERS 8
#define LG_HOLD_BUCKETS 8

/*
 * Event types of "ev" records, in the order both sides number them. ARG: acq the mode (m, r, w
 * as 'm' 'r' 'w' character codes), wait the wait kind (LG_WIRE_WAITS index), create the new
 * thread's number, block the call (LG_WIRE_BLOCK_CALLS index); 0 otherwise.
 */
#define LG_WIRE_EVENTS(X)                                                                        \
	X(START, "start") X(EXIT, "exit") X(CREATE, "create") X(WAIT, "wait") X(WAKE, "wake")     \
	X(ACQ, "acq") X(REL, "rel") X(SIGNAL, "signal") X(BROADCAST, "broadcast")                 \
	X(POST, "post") X(BLOCK, "block") X(UNBLOCK, "unblock")

/* The blocking calls a "block" event names. */
#define LG_WIRE_BLOCK_CALLS(X)                                                                   \
	X(SLEEP, "sleep") X(USLEEP, "usleep") X(NANOSLEEP, "nanosleep") X(READ, "read")          \
	X(WRITE, "write") X(POLL, "poll")
/* The controlled scheduler (RACELAB_LOCKGRAPH_SCHED=pct): see the records below. */
#define LG_REC_SCHEDCFG "schedcfg"
#define LG_REC_SCHED "sched"
#define LG_REC_PREEMPT "preempt"
#define LG_REC_SCHEDFAIR "schedfair"
#define LG_REC_SCHEDEND "schedend"
#define LG_REC_SCHEDOFF "schedoff"

/* Object kinds in "obj" records, in the order both sides number them. */
#define LG_WIRE_OBJ_KINDS(X)                                                                     \
	X(MUTEX, "mutex") X(RWLOCK, "rwlock") X(COND, "cond") X(SEM, "sem") X(BARRIER, "barrier") \
	X(GIL, "gil") X(SPIN, "spin")

/* What a thread waits for ("thr ... wait=", "starve ... wait="); NONE is never written. */
#define LG_WIRE_WAITS(X)                                                                         \
	X(NONE, "none") X(MUTEX, "mutex") X(RDLOCK, "rdlock") X(WRLOCK, "wrlock") X(COND, "cond")   \
	X(SEM, "sem") X(BARRIER, "barrier") X(JOIN, "join") X(CHILD, "child")

/* Every interposed function: the names of the "calls" records (a test checks each one ran). */
#define LG_CALLS(X)                                                                              \
	X(pthread_mutex_lock) X(pthread_mutex_trylock) X(pthread_mutex_timedlock)                \
	X(pthread_mutex_clocklock) X(pthread_mutex_unlock) X(pthread_rwlock_rdlock)              \
	X(pthread_rwlock_wrlock) X(pthread_rwlock_tryrdlock) X(pthread_rwlock_trywrlock)         \
	X(pthread_rwlock_timedrdlock) X(pthread_rwlock_timedwrlock)                              \
	X(pthread_rwlock_clockrdlock) X(pthread_rwlock_clockwrlock) X(pthread_rwlock_unlock)     \
	X(pthread_cond_wait) X(pthread_cond_timedwait) X(pthread_cond_clockwait)                 \
	X(pthread_cond_signal) X(pthread_cond_broadcast) X(sem_wait) X(sem_trywait)              \
	X(sem_timedwait) X(sem_clockwait) X(sem_post) X(pthread_barrier_init)                    \
	X(pthread_barrier_wait) X(pthread_create) X(pthread_join) X(pthread_detach)              \
	X(pthread_exit) X(fork) X(waitpid) X(wait) X(wait4) X(waitid) X(sleep) X(usleep)         \
	X(nanosleep) X(read) X(write) X(poll) X(select) X(pthread_spin_init)                     \
	X(pthread_spin_destroy) X(pthread_spin_lock) X(pthread_spin_trylock)                     \
	X(pthread_spin_unlock)

#endif
