/* The tiny event loop: poll(2) for fds and the wake-up pipe, a timer table, a posted-completion queue. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* some builds (the workloads) define it already */
#endif
#include "eventloop.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int loop_init(struct loop *l)
{
	int rc;

	memset(l, 0, sizeof(*l));
	for (int i = 0; i < LOOP_MAX_FDS; i++)
		l->fds[i].fd = -1;
	/* Non-blocking both ends: a full pipe must never block a poster, nor an empty one the loop. */
	if (pipe2(l->wake, O_NONBLOCK | O_CLOEXEC) < 0)
		return -1;
	rc = pthread_mutex_init(&l->post_lock, NULL);
	if (rc != 0) {
		close(l->wake[0]);
		close(l->wake[1]);
		errno = rc;
		return -1;
	}
	l->now_ms = clock_ms();
	return 0;
}

void loop_release(struct loop *l)
{
	pthread_mutex_destroy(&l->post_lock);
	close(l->wake[0]);
	close(l->wake[1]);
	l->wake[0] = l->wake[1] = -1;
}

long long loop_now_ms(const struct loop *l)
{
	return l->now_ms;
}

void loop_update_time(struct loop *l)
{
	l->now_ms = clock_ms();
}

int loop_timer_start(struct loop *l, long delay_ms, long repeat_ms, loop_cb *cb, void *arg)
{
	for (int i = 0; i < LOOP_MAX_TIMERS; i++) {
		struct loop_timer *t = &l->timers[i];

		if (t->used)
			continue;
		/* Relative to the cached time, as libuv does: a timer started late in a long
		 * callback would otherwise fire early by the callback's duration. */
		loop_update_time(l);
		t->used = true;
		t->due_ms = l->now_ms + (delay_ms > 0 ? delay_ms : 0);
		t->repeat_ms = repeat_ms > 0 ? repeat_ms : 0;
		t->cb = cb;
		t->arg = arg;
		return i;
	}
	return -1;
}

void loop_timer_stop(struct loop *l, int id)
{
	if (id >= 0 && id < LOOP_MAX_TIMERS)
		l->timers[id].used = false;
}

long loop_timer_late_ms(const struct loop *l)
{
	return l->running_late_ms;
}

int loop_fd_start(struct loop *l, int fd, short events, loop_fd_cb *cb, void *arg)
{
	for (int i = 0; i < LOOP_MAX_FDS; i++) {
		if (l->fds[i].fd >= 0)
			continue;
		l->fds[i] = (struct loop_fd){ .fd = fd, .events = events, .cb = cb, .arg = arg };
		return 0;
	}
	return -1;
}

void loop_fd_stop(struct loop *l, int fd)
{
	for (int i = 0; i < LOOP_MAX_FDS; i++)
		if (l->fds[i].fd == fd)
			l->fds[i].fd = -1;
}

int loop_post(struct loop *l, loop_cb *cb, void *arg)
{
	int full, rc;
	ssize_t n;

	rc = pthread_mutex_lock(&l->post_lock);
	if (rc != 0) {
		errno = rc;
		return -1;
	}
	full = l->npost == LOOP_MAX_POSTS;
	if (!full)
		l->posts[l->npost++] = (struct loop_post){ cb, arg };
	pthread_mutex_unlock(&l->post_lock);
	if (full) {
		errno = EAGAIN;
		return -1;
	}
	/*
	 * One byte wakes poll(). If the pipe is full (EAGAIN) the loop is already due to wake up
	 * and will drain the whole queue, so the byte is not needed: posts coalesce, as in libuv.
	 */
	do
		n = write(l->wake[1], "x", 1);
	while (n < 0 && errno == EINTR);
	return 0;
}

void loop_ref(struct loop *l)
{
	l->refs++;
}

void loop_unref(struct loop *l)
{
	if (l->refs > 0)
		l->refs--;
}

void loop_stop(struct loop *l)
{
	l->stop = true;
}

/* Runs every queued completion. The queue is copied out under the lock and run without it, so
 * a completion may post again (or a worker may post) without deadlocking. */
static void run_posts(struct loop *l)
{
	struct loop_post batch[LOOP_MAX_POSTS];
	char buf[64];
	int n;

	while (read(l->wake[0], buf, sizeof(buf)) > 0)
		;
	pthread_mutex_lock(&l->post_lock);
	n = l->npost;
	memcpy(batch, l->posts, (size_t)n * sizeof(batch[0]));
	l->npost = 0;
	pthread_mutex_unlock(&l->post_lock);
	for (int i = 0; i < n && !l->stop; i++)
		batch[i].cb(l, batch[i].arg);
}

static void run_timers(struct loop *l)
{
	for (int i = 0; i < LOOP_MAX_TIMERS && !l->stop; i++) {
		struct loop_timer *t = &l->timers[i];

		if (!t->used || t->due_ms > l->now_ms)
			continue;
		l->running_late_ms = (long)(l->now_ms - t->due_ms);
		if (t->repeat_ms)
			t->due_ms += t->repeat_ms;
		else
			t->used = false;
		/* A repeating timer that fell behind skips the ticks it missed rather than firing
		 * them in a burst. */
		if (t->used && t->due_ms <= l->now_ms)
			t->due_ms = l->now_ms + t->repeat_ms;
		t->cb(l, t->arg);
		/* The callback may have taken a long time: the next timers see the real clock. */
		loop_update_time(l);
	}
	l->running_late_ms = 0;
}

static bool loop_alive(struct loop *l)
{
	int queued;

	for (int i = 0; i < LOOP_MAX_TIMERS; i++)
		if (l->timers[i].used)
			return true;
	for (int i = 0; i < LOOP_MAX_FDS; i++)
		if (l->fds[i].fd >= 0)
			return true;
	if (l->refs > 0)
		return true;
	pthread_mutex_lock(&l->post_lock);
	queued = l->npost;
	pthread_mutex_unlock(&l->post_lock);
	return queued > 0;
}

int loop_run(struct loop *l)
{
	struct pollfd pfd[LOOP_MAX_FDS + 1];
	int slot[LOOP_MAX_FDS + 1];

	l->stop = false;
	while (!l->stop && loop_alive(l)) {
		long long next = -1;
		int n = 0, timeout, rc;

		loop_update_time(l);
		for (int i = 0; i < LOOP_MAX_TIMERS; i++)
			if (l->timers[i].used && (next < 0 || l->timers[i].due_ms < next))
				next = l->timers[i].due_ms;
		timeout = next < 0 ? -1 : next <= l->now_ms ? 0 : (int)(next - l->now_ms);

		pfd[n] = (struct pollfd){ .fd = l->wake[0], .events = POLLIN };
		slot[n++] = -1;
		for (int i = 0; i < LOOP_MAX_FDS; i++) {
			if (l->fds[i].fd < 0)
				continue;
			pfd[n] = (struct pollfd){ .fd = l->fds[i].fd, .events = l->fds[i].events };
			slot[n++] = i;
		}
		rc = poll(pfd, (nfds_t)n, timeout);
		if (rc < 0 && errno != EINTR)
			return -1;
		loop_update_time(l);

		run_timers(l);
		for (int k = 0; k < n && rc > 0 && !l->stop; k++) {
			struct loop_fd *f;

			if (!pfd[k].revents)
				continue;
			if (slot[k] < 0) {
				run_posts(l);
				continue;
			}
			f = &l->fds[slot[k]];
			/* A callback may have stopped this watcher (or reused the slot). */
			if (f->fd == pfd[k].fd)
				f->cb(l, f->fd, pfd[k].revents, f->arg);
		}
	}
	return 0;
}
