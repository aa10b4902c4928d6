/* The link arguments of the shims linked into the TSan and Helgrind builds (perturb.h). */
#include "perturb.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "model/error.h"
#include "model/util.h"
#include "workspace.h"

/*
 * Every call a shim wraps, in one linker flag. The program's calls of them reach their __wrap_
 * versions, which call the __real_ ones: the tool's interceptors (TSan's) or its preloaded
 * wrappers (Helgrind's), as the program's calls would have been.
 */
static const char perturb_wrap[] =
	"-Wl,--wrap=pthread_create,--wrap=pthread_mutex_lock,--wrap=pthread_mutex_trylock,"
	"--wrap=pthread_mutex_unlock,--wrap=pthread_cond_signal,--wrap=pthread_cond_broadcast,"
	"--wrap=pthread_cond_timedwait,--wrap=pthread_cond_clockwait,"
	"--wrap=pthread_mutex_timedlock,--wrap=pthread_mutex_clocklock,--wrap=sem_timedwait,"
	"--wrap=sem_clockwait,--wrap=sem_trywait,--wrap=sem_wait,--wrap=sem_post,"
	"--wrap=pthread_rwlock_rdlock,--wrap=pthread_rwlock_wrlock,"
	"--wrap=pthread_rwlock_tryrdlock,--wrap=pthread_rwlock_trywrlock,"
	"--wrap=pthread_rwlock_timedrdlock,--wrap=pthread_rwlock_timedwrlock,"
	"--wrap=pthread_rwlock_clockrdlock,--wrap=pthread_rwlock_clockwrlock,"
	"--wrap=pthread_rwlock_unlock,--wrap=pthread_spin_lock,--wrap=pthread_spin_trylock,"
	"--wrap=pthread_spin_unlock";

/* The waits Helgrind 3.19 does not intercept (checker/perturb/hg_waits.c). */
static const char hgwaits_wrap[] =
	"-Wl,--wrap=pthread_mutex_clocklock,--wrap=sem_timedwait,--wrap=sem_clockwait,"
	"--wrap=sem_trywait";

static struct shim {
	const char *archive, *wrap;
	pthread_once_t once;
	char found[PATH_MAX]; /* the archive's path, "" when there is none */
} shims[] = {
	[SHIM_PERTURB] = { "libracelab_perturb.a", perturb_wrap, PTHREAD_ONCE_INIT, "" },
	[SHIM_HGWAITS] = { "libracelab_hgwaits.a", hgwaits_wrap, PTHREAD_ONCE_INIT, "" },
};

static void archive_search(struct shim *sh)
{
	char dir[PATH_MAX];

	snprintf(sh->found, sizeof(sh->found), "%s/%s", exe_dir(dir, sizeof(dir)), sh->archive);
	if (access(sh->found, R_OK) == 0)
		return;
#ifdef RACELAB_BINARY_DIR
	/* The unit tests run from folders below the build directory. */
	snprintf(sh->found, sizeof(sh->found), "%s/%s", RACELAB_BINARY_DIR, sh->archive);
	if (access(sh->found, R_OK) == 0)
		return;
#endif
	sh->found[0] = '\0';
}

static void search_perturb(void)
{
	archive_search(&shims[SHIM_PERTURB]);
}

static void search_hgwaits(void)
{
	archive_search(&shims[SHIM_HGWAITS]);
}

const char *shim_archive(enum shim_kind k)
{
	static void (*const search[])(void) = { search_perturb, search_hgwaits };

	pthread_once(&shims[k].once, search[k]);
	return shims[k].found[0] ? shims[k].found : NULL;
}

const char *perturb_archive(void)
{
	return shim_archive(SHIM_PERTURB);
}

bool shim_link_args(enum shim_kind k, const char **argv, size_t *n, size_t max, const char *dir,
		    char *path)
{
	const char *a = shim_archive(k);
	struct diag d = DIAG_INIT;

	if (!a || *n + 4 >= max)
		return false;
	snprintf(path, PATH_MAX, "%s/%s", dir, shims[k].archive);
	if (access(path, R_OK) != 0 && copy_file(a, path, 16u << 20, &d) != RL_ERR_OK)
		return false;
	argv[(*n)++] = shims[k].wrap;
	/*
	 * The whole archive, needed or not: the linker also wraps the references of the shared
	 * libraries linked after it (libomp's pthread_mutex_lock for -fopenmp) and fails when
	 * __wrap_pthread_mutex_lock was left out because the program itself never calls it. At run
	 * time those libraries call TSan's interceptors directly, as before.
	 */
	argv[(*n)++] = "-Wl,--whole-archive";
	argv[(*n)++] = path;
	argv[(*n)++] = "-Wl,--no-whole-archive";
	return true;
}
