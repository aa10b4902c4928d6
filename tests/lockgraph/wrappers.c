/* Calls every interposed function at least once, so a test can see each wrapper ran. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static pthread_barrier_t bar;
static sem_t sem;
static pthread_spinlock_t spin;
static int ready, go;

static void soon(struct timespec *ts, clockid_t clk, long ms)
{
	clock_gettime(clk, ts);
	ts->tv_nsec += ms * 1000000L;
	ts->tv_sec += ts->tv_nsec / 1000000000L;
	ts->tv_nsec %= 1000000000L;
}

static void *waiter(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&m);
	ready = 1;
	while (!go)
		pthread_cond_wait(&cv, &m);
	pthread_mutex_unlock(&m);
	pthread_barrier_wait(&bar);
	return NULL;
}

static void *nothing(void *arg)
{
	return arg;
}

static void *quits(void *arg)
{
	pthread_exit(arg);
}

int main(void)
{
	struct timespec ts, req = { 0, 1000 };
	pthread_t t, d;
	int fds[2];
	char c = 'x';
	struct pollfd pfd;
	pid_t pid;

	pthread_barrier_init(&bar, NULL, 2);
	sem_init(&sem, 0, 0);
	pthread_create(&t, NULL, waiter, NULL);
	for (;;) {
		pthread_mutex_lock(&m);
		if (ready)
			break;
		pthread_mutex_unlock(&m);
		usleep(1000);
	}
	go = 1;
	pthread_cond_signal(&cv);
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&m);
	pthread_barrier_wait(&bar);
	pthread_join(t, NULL);
	pthread_create(&d, NULL, nothing, NULL);
	pthread_detach(d);
	pthread_create(&t, NULL, quits, NULL);
	pthread_join(t, NULL);

	if (pthread_mutex_trylock(&m) == 0)
		pthread_mutex_unlock(&m);
	soon(&ts, CLOCK_REALTIME, 10);
	if (pthread_mutex_timedlock(&m, &ts) == 0)
		pthread_mutex_unlock(&m);
	soon(&ts, CLOCK_MONOTONIC, 10);
	if (pthread_mutex_clocklock(&m, CLOCK_MONOTONIC, &ts) == 0)
		pthread_mutex_unlock(&m);

	pthread_rwlock_rdlock(&rw);
	pthread_rwlock_unlock(&rw);
	pthread_rwlock_wrlock(&rw);
	pthread_rwlock_unlock(&rw);
	if (pthread_rwlock_tryrdlock(&rw) == 0)
		pthread_rwlock_unlock(&rw);
	if (pthread_rwlock_trywrlock(&rw) == 0)
		pthread_rwlock_unlock(&rw);
	soon(&ts, CLOCK_REALTIME, 10);
	if (pthread_rwlock_timedrdlock(&rw, &ts) == 0)
		pthread_rwlock_unlock(&rw);
	if (pthread_rwlock_timedwrlock(&rw, &ts) == 0)
		pthread_rwlock_unlock(&rw);
	soon(&ts, CLOCK_MONOTONIC, 10);
	if (pthread_rwlock_clockrdlock(&rw, CLOCK_MONOTONIC, &ts) == 0)
		pthread_rwlock_unlock(&rw);
	if (pthread_rwlock_clockwrlock(&rw, CLOCK_MONOTONIC, &ts) == 0)
		pthread_rwlock_unlock(&rw);

	pthread_mutex_lock(&m);
	soon(&ts, CLOCK_REALTIME, 2);
	pthread_cond_timedwait(&cv, &m, &ts);
	soon(&ts, CLOCK_MONOTONIC, 2);
	pthread_cond_clockwait(&cv, &m, CLOCK_MONOTONIC, &ts);
	pthread_mutex_unlock(&m);

	sem_post(&sem);
	sem_wait(&sem);
	sem_post(&sem);
	sem_trywait(&sem);
	sem_post(&sem);
	soon(&ts, CLOCK_REALTIME, 10);
	sem_timedwait(&sem, &ts);
	sem_post(&sem);
	soon(&ts, CLOCK_MONOTONIC, 10);
	sem_clockwait(&sem, CLOCK_MONOTONIC, &ts);

	pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
	pthread_spin_lock(&spin);
	pthread_spin_unlock(&spin);
	if (pthread_spin_trylock(&spin) == 0)
		pthread_spin_unlock(&spin);
	pthread_spin_destroy(&spin);

	sleep(0);
	usleep(1);
	nanosleep(&req, NULL);
	if (pipe(fds) == 0) {
		if (write(fds[1], &c, 1) != 1 || read(fds[0], &c, 1) != 1)
			return 1;
		pfd.fd = fds[0];
		pfd.events = POLLIN;
		poll(&pfd, 1, 0);
		{
			fd_set rd;
			struct timeval now = { 0, 0 };

			FD_ZERO(&rd);
			FD_SET(fds[0], &rd);
			select(fds[0] + 1, &rd, NULL, NULL, &now);
		}
	}
	pid = fork();
	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	/* wait, wait4 and waitid too: each reaps a child of its own. */
	for (int k = 0; k < 3; k++) {
		siginfo_t info;

		pid = fork();
		if (pid == 0)
			_exit(0);
		if (pid > 0 && k == 0)
			wait(NULL);
		else if (pid > 0 && k == 1)
			wait4(pid, NULL, 0, NULL);
		else if (pid > 0)
			waitid(P_PID, (id_t)pid, &info, WEXITED);
	}
	puts("ok");
	return 0;
}
