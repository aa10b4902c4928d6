# The mutations of `make mutate` (sourced by mutate.sh): each is one or two small changes found by
# their code (`edit PATTERN REPLACEMENT`, blank-insensitive, unique in the kit) or a folder moved
# away (`remove PATH`), then `mutation DESCRIPTION CTEST_REGEX`: the tests that must catch it. The
# regex names the fewest tests that should notice, so the whole run takes minutes.

# Every test some mutation runs: they must all pass unmutated (mutate.sh checks first).
baseline='^(unit/test_(reconcile|lockgraph|grade|verdict|manifest|sandbox|spawn|evidence|perf|selftest'
baseline+='|helgrind|perturb)|kit/01-lost-update|lockgraph/(gate|deadlock|fork-unseen|sched-deadline)'
baseline+='|cli/check-bad-manifest'
baseline+='|bench/check-speed-smoke|workloads/cpu-wrong-answer-fails|cli/run-case-refuses-.*)$'

run_mutations() {
	# --- the ones the issue found caught already (they must stay caught) ---
	edit 'if (f->kind == FK_DATA_RACE && f->tools == TOOL(HELGRIND) && (complete & TOOL(TSAN)))' \
		'if (0)'
	mutation "reconcile keeps Helgrind-only races" '^unit/test_reconcile$'

	edit 'if (a->gates[i] == b->gates[j] &&' 'if (0 &&'
	mutation "lock-order: gate locks ignored" '^(unit/test_lockgraph|lockgraph/gate)$'

	edit 'if (r->verdict == VERDICT_PASS) return m->points;' \
		'if (r->verdict == VERDICT_PASS || r->verdict == VERDICT_FAIL) return m->points;'
	mutation "a fail earns full points" '^unit/test_(grade|verdict)$'

	edit "return fail(st, \"unknown key '%s' in [%s]\", name, section);" 'return 1;'
	mutation "unknown manifest key accepted" '^(unit/test_manifest|cli/check-bad-manifest)$'

	edit 'add_limit(p, RLIMIT_AS, o->limits.address_space);' ';'
	mutation "sandbox: no RLIMIT_AS" '^unit/test_sandbox$'

	edit 'deadline = o->timeout_ms > 0 ? start + o->timeout_ms : -1;' 'deadline = -1;'
	mutation "sandbox: no timeout" '^unit/test_spawn$'

	# --- the ones the issue found surviving ---
	edit 'return rc ? rc : selftest_tally_ok(&t) ? 0 : 1;' 'return 0;'
	edit 'if (f->kind == FK_DATA_RACE && f->tools == TOOL(HELGRIND) && (complete & TOOL(TSAN)))' \
		'if (f->kind == FK_DATA_RACE) return false; if (0)'
	mutation "selftest exits 0 whatever + reconcile drops every race" '^kit/01-lost-update$'

	edit 'if (f->kind == FK_DATA_RACE && f->tools == TOOL(HELGRIND) && (complete & TOOL(TSAN)))' \
		'if (f->kind == FK_DATA_RACE) return false; if (0)'
	mutation "reconcile drops every race" '^unit/test_reconcile$'

	remove solutions/01-lost-update
	mutation "solutions/01-lost-update moved away" '^kit/01-lost-update$'

	remove tests/kit/lazy/01-lost-update
	mutation "tests/kit/lazy/01-lost-update moved away" '^kit/01-lost-update$'

	remove tests/kit/lazy/01-lost-update/big-lock
	mutation "one lazy fix (01 big-lock) moved away" '^kit/01-lost-update$'

	edit 'run_case(m, &co, &plan.items[k], rep, &t);' \
		'if (plan.items[k].role != SELFTEST_LAZY) run_case(m, &co, &plan.items[k], rep, &t);'
	mutation "selftest silently skips the lazy fixes" '^kit/01-lost-update$'

	edit 'ok &= has_kinds(c->expect_kinds, r, why, len);' 'has_kinds(c->expect_kinds, r, why, len);'
	mutation "a lazy fix passes on any fail (a build error)" '^unit/test_selftest$'

	edit 'ok &= has_any(c, r, why, len);' 'has_any(c, r, why, len);'
	mutation "a lazy fix passes without any kind of its one-of group" '^unit/test_selftest$'

	edit 'README). big-lock: too-slow' $'README).\nbig-lock: build-error'
	mutation "a lazy fix expected to fail with another kind" '^kit/01-lost-update$'

	edit 'return !r->timed_out && !r->limit_hit && !r->term_signal;' \
		'return r->timed_out || (!r->limit_hit && !r->term_signal);'
	mutation "a run killed at its timeout counts as complete evidence" '^unit/test_evidence$'

	edit 'if (l->items[i].kind == FK_HANG && l->items[i].tools == TOOL(RUN)) {' \
		'if (l->items[i].kind == FK_HANG) {'
	mutation "every hang dropped once one is explained" '^unit/test_evidence$'

	edit 'if (speedup < s->min_speedup) {' 'if (speedup < 0) {'
	mutation "perf: the speedup floor ignored" '^unit/test_perf$'

	edit '*ok = err == RL_ERR_OK && r.exited && r.status == 0;' '*ok = err == RL_ERR_OK;'
	mutation "perf: a failing run timed as a clean one" '^unit/test_perf$'

	edit 'if (file_mentions_any(r->binary, gomp))' 'if (0)'
	mutation "Helgrind trusted on an OpenMP program it cannot see" '^unit/test_helgrind$'

	edit 'if (!parent_wrote && docs[i].pid)' 'if (!parent_wrote && docs[i].pid && 0)'
	mutation "Helgrind: no document taken as the program's own" '^unit/test_helgrind$'

	edit '"valgrind", "--tool=helgrind", "-q", "--xml=yes",' \
		'"valgrind", "--tool=helgrind", "-q", "--xml=yes", "--child-silent-after-fork=yes",'
	mutation "Helgrind: forked children silenced again" '^unit/test_helgrind$'

	edit 'shim_link_args(SHIM_HGWAITS, argv, &n, MAX_ARGV - 4, s->tooldir, shim);' ';'
	mutation "Helgrind: its build without the shim of the waits it does not intercept" \
		'^unit/test_helgrind$'

	edit 'pt_tsan_pre(m, 0);' ';'
	edit 'pt_tsan_post(m, 0, rc);' ';'
	mutation "TSan: pthread_mutex_clocklock not told to it" '^unit/test_perturb$'

	edit '(!s->deadline_ns || s->deadline_ns <= now)) {' '(1)) {'
	mutation "controlled runs: a timed wait's deadline ignored" '^lockgraph/sched-deadline$'

	edit 'kid_late_inherited(k, pid, a);' ';'
	mutation "fork: a lock the fork-time scan missed is not looked up in the child" \
		'^lockgraph/fork-unseen$'

	# --- the tests' own strictness: a harness that would accept anything ---
	edit 'check_speed.sh $<TARGET_FILE:racelab>' 'check_speed.sh /bin/false'
	mutation "bench smoke test with /bin/false as racelab" '^bench/check-speed-smoke$'

	edit '--lib ${CMAKE_BINARY_DIR} --bin ${LG_BIN}/lg_${prog}' \
		'--lib ${CMAKE_BINARY_DIR} --bin ${LG_BIN}/lg_${prog} --forbid dead-lock'
	mutation "lg_check given a misspelt kind (dead-lock)" '^lockgraph/deadlock$'

	edit '$<TARGET_FILE:wl_cpu> --limit 50000 --modes threads --workers 2 --reps 1 --fault threads)' \
		'$<TARGET_FILE:wl_cpu> --limit 50000 --modes threads --workers 2 --reps 1 --fault threads --bogus)'
	mutation "wrong-answer workload test ends in a usage error" '^workloads/cpu-wrong-answer-fails$'

	edit 'jq -e -s "length == 1 and ([.[0] | ($expr)] | length > 0 and all(. == true))"' \
		'jq -e "$expr"'
	mutation "CLI cases: json: judged by jq -e alone (last value)" '^cli/run-case-refuses-'
}
