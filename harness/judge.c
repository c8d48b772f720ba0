/* judge.c: from the facts of a run to an outcome (see result.h).
 *
 * The order of the rules is the point: anything that makes the result
 * channel untrustworthy, or shows the case never finished, is an error
 * before any verdict the case sent is believed. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "names.h"
#include "result.h"
#include "util.h"

const char *ipcc_outcome_name(enum ipcc_outcome o)
{
	static const char *const names[] = { "pass", "fail", "skip", "xfail", "xpass", "error" };

	return (unsigned)o < IPCC_NOUTCOMES ? names[o] : "error";
}

static void take(char **dst, char **src)
{
	free(*dst);
	*dst = *src;
	*src = NULL;
}

static void set_error(struct ipcc_result *r, char *msg)
{
	r->outcome = IPCC_ERROR;
	free(r->message);
	r->message = msg;
}

/* "exited with status 3", "was killed by SIGSEGV": how a process ended, as
 * the predicate of a sentence. */
static void ended(int status, char *buf, size_t size)
{
	char how[64];

	ipcc_describe_status(status, how, sizeof(how));
	if (WIFEXITED(status))
		snprintf(buf, size, "exited with status %d", WEXITSTATUS(status));
	else
		snprintf(buf, size, "was %s", how);
}

void ipcc_judge(struct ipcc_result *r, struct ipcc_facts *f, enum ipcc_profile profile)
{
	char how[80], phrase[96];

	ipcc_describe_status(f->status, how, sizeof(how));
	ended(f->status, phrase, sizeof(phrase));
	if (f->have_exit) {
		free(r->exit);
		r->exit = ipcc_xstrdup(how);
	}
	r->leftovers_killed = f->killed;
	r->leftovers_reaped = f->reaped;

	if (f->harness_error) {
		set_error(r, f->harness_error);
		f->harness_error = NULL;
	} else if (f->outer_timeout) {
		set_error(r, ipcc_strfmt("the case's supervisor did not finish %.1f s after the "
					 "deadline and was killed with everything it ran", f->timeout));
	} else if (f->broken) {
		set_error(r, ipcc_strfmt("result channel broken: %s", f->broken));
	} else if (!f->have_exit) {
		char sup[96];

		ended(f->sup_status, sup, sizeof(sup));
		set_error(r, ipcc_strfmt("the case's supervisor %s without reporting how the case "
					 "ended (did the case kill its parent?)", sup));
	} else if (f->timed_out) {
		set_error(r, ipcc_strfmt("timed out after %.1f s%s%s; the case's processes were killed",
					 f->timeout, f->where && *f->where ? " with the case process " : "",
					 f->where ? f->where : ""));
	} else if (WIFSTOPPED(f->status)) {
		set_error(r, ipcc_strfmt("the case process was %s, so it was killed at once: a case "
					 "observes stops in processes it forks", how));
	} else if (f->have_error) {
		set_error(r, f->e_msg);
		f->e_msg = NULL;
		take(&r->file, &f->e_file);
		r->line = f->e_line;
	} else if (f->have_skip) {
		r->outcome = IPCC_SKIP;
		take(&r->reason, &f->skip_reason);
	} else if (f->have_result && !(WIFEXITED(f->status) && WEXITSTATUS(f->status) == 0)) {
		set_error(r, ipcc_strfmt("the case process sent its result, then %s", phrase));
	} else if (f->have_result) {
		r->outcome = f->passed ? IPCC_PASS : IPCC_FAIL;
		if (!f->passed) {
			take(&r->expected, &f->expected);
			take(&r->observed, &f->observed);
			take(&r->message, &f->r_msg);
			take(&r->file, &f->r_file);
			r->line = f->r_line;
		}
	} else {
		set_error(r, ipcc_strfmt("the case process %s before it sent a result", phrase));
	}

	/* What the run may expect of the system. */
	if (r->outcome == IPCC_FAIL && profile == IPCC_PROFILE_POSIX && !strcmp(r->p->c->cls, "L")) {
		r->outcome = IPCC_XFAIL;
		r->reason = ipcc_xstrdup("class L (Linux ABI) is observed, not judged, under --profile posix");
	} else if (r->outcome == IPCC_FAIL && r->p->expected) {
		r->outcome = IPCC_XFAIL;
		r->reason = ipcc_strfmt("expected deviation: %s", r->p->expected);
	} else if (r->outcome == IPCC_PASS && r->p->expected) {
		r->outcome = IPCC_XPASS;
		r->reason = ipcc_strfmt("expected deviation did not occur: %s", r->p->expected);
	}
	if (!r->reason && r->message) {
		size_t n = strcspn(r->message, "\n");
		r->reason = ipcc_xstrndup(r->message, n);
	}
	r->judged = 1;
	if (f->killed > 0)
		ipcc_result_note(r, f->killed == 1
			? "1 process the case left running was killed when it ended"
			: "processes the case left running were killed when it ended");
}

void ipcc_result_observe(struct ipcc_result *r, const char *key, const char *value)
{
	for (size_t i = 0; i < r->nobs; i++)
		if (!strcmp(r->obs[i].key, key)) {
			free(r->obs[i].value);
			r->obs[i].value = ipcc_xstrdup(value);
			return;
		}
	r->obs = ipcc_xrealloc(r->obs, (r->nobs + 1) * sizeof(*r->obs));
	r->obs[r->nobs].key = ipcc_xstrdup(key);
	r->obs[r->nobs].value = ipcc_xstrdup(value);
	r->nobs++;
}

void ipcc_result_note(struct ipcc_result *r, const char *text)
{
	r->notes = ipcc_xrealloc(r->notes, (r->nnotes + 1) * sizeof(*r->notes));
	r->notes[r->nnotes++] = ipcc_xstrdup(text);
}

void ipcc_result_free(struct ipcc_result *r)
{
	for (size_t i = 0; i < r->nobs; i++) {
		free(r->obs[i].key);
		free(r->obs[i].value);
	}
	for (size_t i = 0; i < r->nnotes; i++)
		free(r->notes[i]);
	free(r->obs);
	free(r->notes);
	free(r->reason);
	free(r->message);
	free(r->file);
	free(r->expected);
	free(r->observed);
	free(r->output);
	free(r->exit);
	memset(r, 0, sizeof(*r));
}

void ipcc_facts_free(struct ipcc_facts *f)
{
	free(f->r_file);
	free(f->r_msg);
	free(f->skip_reason);
	free(f->e_msg);
	free(f->e_file);
	free(f->expected);
	free(f->observed);
	free(f->broken);
	free(f->harness_error);
	free(f->nostart);
	free(f->where);
	memset(f, 0, sizeof(*f));
}
