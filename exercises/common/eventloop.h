/* A tiny single-threaded event loop: timers, fd readiness (poll), and completions posted by other threads. */
#ifndef RACELAB_EVENTLOOP_H
#define RACELAB_EVENTLOOP_H

/*
 * The shape of libuv (what node runs on) in about 250 lines. ONE thread calls loop_run(); it
 * waits in poll(2) until a timer is due, an fd is ready, or a completion was posted, then runs
 * the callbacks one after another. Nothing runs in parallel: while a callback runs, no other
 * callback can, and every timer waits. A slow callback therefore makes everything late
 * (exercise 21). Slow work belongs elsewhere: the OS does the waiting for I/O (that is what the
 * fd watchers are for), and CPU work goes to another thread, which hands its result back with
 * loop_post(); the loop then runs the completion callback on its own thread, in turn.
 *
 * Thread-safety: only loop_post() may be called from other threads (like uv_async_send()).
 * Every other function must be called from the thread that runs the loop (or before it runs).
 * Limits are fixed (no allocation while running): LOOP_MAX_TIMERS, LOOP_MAX_FDS, LOOP_MAX_POSTS.
 */

#include <pthread.h>
#include <stdbool.h>

#define LOOP_MAX_TIMERS 32
#define LOOP_MAX_FDS 16
#define LOOP_MAX_POSTS 64

struct loop;
typedef void loop_cb(struct loop *l, void *arg);
typedef void loop_fd_cb(struct loop *l, int fd, short revents, void *arg);

struct loop_timer {
	bool used;
	long long due_ms;  /* loop_now_ms() time at which it fires */
	long repeat_ms;    /* 0: one-shot */
	loop_cb *cb;
	void *arg;
};

struct loop_fd {
	int fd;            /* -1: free slot */
	short events;      /* POLLIN, POLLOUT */
	loop_fd_cb *cb;
	void *arg;
};

struct loop_post {
	loop_cb *cb;
	void *arg;
};

struct loop {
	struct loop_timer timers[LOOP_MAX_TIMERS];
	struct loop_fd fds[LOOP_MAX_FDS];
	long long now_ms;       /* cached at each iteration, like uv_now() */
	long running_late_ms;   /* lateness of the timer whose callback runs now */
	int refs;               /* outstanding work that will post back (loop_ref/loop_unref) */
	bool stop;
	/* The cross-thread part: a queue under a mutex, and a self-pipe that wakes poll(). */
	pthread_mutex_t post_lock;
	struct loop_post posts[LOOP_MAX_POSTS];
	int npost;
	int wake[2];            /* wake[0] is polled by the loop, wake[1] written by loop_post */
};

/* Returns 0, or -1 with errno set (pipe or mutex creation failed). */
int loop_init(struct loop *l);
/* Frees what loop_init made. Completions still queued are dropped. */
void loop_release(struct loop *l);

/* Milliseconds on a monotonic clock, cached once per loop iteration (call loop_update_time()
 * to refresh it inside a long callback). */
long long loop_now_ms(const struct loop *l);
void loop_update_time(struct loop *l);

/*
 * Starts a timer that fires after delay_ms and then every repeat_ms (0: once). Returns its id
 * (>= 0) or -1 when the table is full. Inside the callback, loop_timer_late_ms() says how many
 * milliseconds after its due time it actually ran: the number that shows a blocked loop.
 */
int loop_timer_start(struct loop *l, long delay_ms, long repeat_ms, loop_cb *cb, void *arg);
void loop_timer_stop(struct loop *l, int id);
long loop_timer_late_ms(const struct loop *l);

/* Watches fd for events (POLLIN/POLLOUT); cb runs when poll() reports it ready. Returns 0 or -1
 * when the table is full. loop_fd_stop() stops watching (the fd is not closed). */
int loop_fd_start(struct loop *l, int fd, short events, loop_fd_cb *cb, void *arg);
void loop_fd_stop(struct loop *l, int fd);

/*
 * Thread-safe: queues cb(l, arg) to run on the loop's thread, and wakes the loop. Call it from a
 * worker thread when its work is done. Returns 0, or -1 (errno EAGAIN) when LOOP_MAX_POSTS
 * completions are already queued. Everything the worker wrote before loop_post() is visible to
 * cb (the queue's mutex orders them).
 */
int loop_post(struct loop *l, loop_cb *cb, void *arg);

/*
 * Keeps the loop alive while work that will loop_post() back is outstanding: loop_ref() before
 * handing work to a thread, loop_unref() in its completion callback. Loop thread only.
 */
void loop_ref(struct loop *l);
void loop_unref(struct loop *l);

/* Makes loop_run() return after the current callback. Loop thread only. */
void loop_stop(struct loop *l);

/*
 * Runs until loop_stop(), or until nothing is left to wait for (no timers, no fds, no refs and no
 * queued completions). Returns 0, or -1 with errno set when poll() fails.
 */
int loop_run(struct loop *l);

#endif
