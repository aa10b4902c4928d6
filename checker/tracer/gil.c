/* CPython's GIL as a pseudo-lock, so that a GIL held across a blocking call is reported. */
#include <dlfcn.h>
#include <link.h>
#include <stdint.h>

#include "lg.h"

/*
 * Why a pseudo-lock: in CPython 3.11 (Python/ceval_gil.h) the GIL is a flag, `locked`, guarded by
 * a mutex and a condition variable. take_gil() holds that mutex only while it flips the flag, so
 * the thread that runs Python code, or sits in an extension's poll(), holds no pthread lock at
 * all, and the lock tables never see it. CPython's C API says who holds the GIL instead:
 * PyGILState_Check() (Python/pystate.c, 3.11) returns 1 when gilstate checking is off (only after
 * a subinterpreter was created) or the thread-state key does not exist yet (before
 * initialisation), 0 when no thread holds the GIL, and otherwise whether the thread state that
 * holds it is this thread's own (the TSS key's value). It reads two runtime fields and calls
 * pthread_getspecific(): no lock, no allocation, nothing we interpose, so it is safe inside a
 * wrapper. The first two answers ("1" without knowing) are why Py_IsInitialized() and a thread
 * state of this thread's own (PyGILState_GetThisThreadState()) are required as well.
 */
static int (*py_initialized)(void);
static int (*py_gil_check)(void);
static void *(*py_this_tstate)(void);
/* The object that holds CPython (libpython, or a statically linked python3): its image. */
static uintptr_t py_lo, py_hi;
static struct lg_obj *_Atomic gil;

static int find_python(struct dl_phdr_info *info, size_t size, void *data)
{
	uintptr_t at = (uintptr_t)data, lo = UINTPTR_MAX, hi = 0;

	(void)size;
	lg_image_range(info, &lo, &hi);
	if (at < lo || at >= hi)
		return 0;
	py_lo = lo;
	py_hi = hi;
	return 1;
}

void lg_gil_resolve(void)
{
	/* RTLD_DEFAULT: the program's own CPython, whether linked in or a shared libpython. */
	void *init = dlsym(RTLD_DEFAULT, "Py_IsInitialized");
	void *check = dlsym(RTLD_DEFAULT, "PyGILState_Check");
	void *self = dlsym(RTLD_DEFAULT, "PyGILState_GetThisThreadState");

	if (!init || !check || !self)
		return; /* not a CPython process: every GIL question answers "no" at once */
	dl_iterate_phdr(find_python, check);
	py_initialized = (int (*)(void))init;
	py_this_tstate = (void *(*)(void))self;
	py_gil_check = (int (*)(void))check;
}

bool lg_gil_held(void)
{
	if (!py_gil_check || !py_initialized())
		return false;
	return py_this_tstate() && py_gil_check() == 1;
}

struct lg_obj *lg_gil_obj(void)
{
	struct lg_obj *o = atomic_load(&gil);

	/*
	 * Keyed by the address of PyGILState_Check, which no program locks: one object for the
	 * process, announced once like any other (concurrent first calls find the same slot).
	 */
	if (!o && py_gil_check) {
		o = lg_obj_get((const void *)(uintptr_t)py_gil_check, LG_GIL, NULL);
		atomic_store(&gil, o);
	}
	return o;
}

/*
 * A thread that wants the GIL waits in take_gil() on the GIL's condition variable, timing out
 * every 5 ms to ask the holder to drop it. So a condition wait made by CPython's own code for a
 * Python thread (one with a thread state) that does not hold the GIL is a wait for the GIL: on
 * Linux CPython's other waits (threading.Lock, Event, Condition) are semaphores, not conditions.
 */
bool lg_gil_wait_begin(const void *caller)
{
	uintptr_t at = (uintptr_t)caller;
	struct lg_obj *o;

	if (!py_gil_check || at < py_lo || at >= py_hi || !py_initialized() || !py_this_tstate() ||
	    py_gil_check() == 1)
		return false;
	o = lg_gil_obj();
	if (!o)
		return false;
	atomic_fetch_add(&o->wait_starts, 1);
	atomic_fetch_add(&o->waiters, 1);
	return true;
}

void lg_gil_wait_end(bool counted)
{
	struct lg_obj *o = atomic_load(&gil);

	if (counted && o)
		atomic_fetch_sub(&o->waiters, 1);
}
