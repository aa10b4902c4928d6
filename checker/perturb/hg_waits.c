/*
 * The waits Helgrind does not see, shown to it: linked into the Helgrind build of a program with
 * -Wl,--wrap=... (run/perturb.c). Valgrind 3.19's Helgrind intercepts sem_wait but not
 * sem_timedwait, sem_trywait or glibc 2.30's sem_clockwait, and pthread_mutex_timedlock but not
 * pthread_mutex_clocklock (its preload library has no wrapper for them): a lock taken by
 * clocklock was unknown to it, its unlock "an invalid lock", and what the lock or the semaphore
 * orders was reported as a data race (tests/analyze/ok_clock_waits.c). Each wrapper makes the
 * real call between the client requests that Helgrind's own wrapper of sem_wait or
 * pthread_mutex_timedlock sends (hg_intercepts.c), from the ABI-frozen request list of
 * valgrind/helgrind.h. Outside Valgrind a client request costs a few instructions and does
 * nothing. (Helgrind 3.19 does wrap the rwlock and condition-variable clock variants.)
 *
 * Built without debug information, so its frames never become the file:line of a report; it
 * includes nothing from the checker: it is linked into the student's program.
 */
#include <pthread.h>
#include <semaphore.h>
#include <time.h>
#include <valgrind/helgrind.h>

int __real_pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t clk,
				   const struct timespec *abstime);
int __real_sem_timedwait(sem_t *s, const struct timespec *abstime);
int __real_sem_clockwait(sem_t *s, clockid_t clk, const struct timespec *abstime);
int __real_sem_trywait(sem_t *s);

/* As pthread_mutex_timedlock: a blocking lock (not a try), taken when it returns 0. */
int __wrap_pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t clk,
				   const struct timespec *abstime)
{
	int rc;

	DO_CREQ_v_WW(_VG_USERREQ__HG_PTHREAD_MUTEX_LOCK_PRE, pthread_mutex_t *, m, long, 0);
	rc = __real_pthread_mutex_clocklock(m, clk, abstime);
	DO_CREQ_v_WW(_VG_USERREQ__HG_PTHREAD_MUTEX_LOCK_POST, pthread_mutex_t *, m, long, rc == 0);
	return rc;
}

/*
 * As sem_wait: what the poster released (Helgrind's sem_post wrapper) is acquired when the wait
 * returns 0. A failed wait (a timeout, EAGAIN, EINTR) acquires nothing.
 */
#define HG_SEM_WAIT(call)                                                                  \
	do {                                                                               \
		DO_CREQ_v_W(_VG_USERREQ__HG_POSIX_SEM_WAIT_PRE, sem_t *, s);               \
		rc = call;                                                                 \
		DO_CREQ_v_WW(_VG_USERREQ__HG_POSIX_SEM_WAIT_POST, sem_t *, s, long, rc == 0); \
	} while (0)

int __wrap_sem_timedwait(sem_t *s, const struct timespec *abstime)
{
	int rc;

	HG_SEM_WAIT(__real_sem_timedwait(s, abstime));
	return rc;
}

int __wrap_sem_clockwait(sem_t *s, clockid_t clk, const struct timespec *abstime)
{
	int rc;

	HG_SEM_WAIT(__real_sem_clockwait(s, clk, abstime));
	return rc;
}

int __wrap_sem_trywait(sem_t *s)
{
	int rc;

	HG_SEM_WAIT(__real_sem_trywait(s));
	return rc;
}
