package dev.jslc.executor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One running parallel step: its branches, and what the parent resumes with once they are all done. */
final class ParallelJoin {
    /** The branch that called parallel; it waits until every branch is done. */
    final Branch parent;
    final List<Branch> branches = new ArrayList<>();
    /** failFast: the first failing branch stops the others. */
    final boolean failFast;
    /** The first branch error; the parent resumes with it (and not with the results) when there is one. */
    Throwable firstError;
    /** Branch name → its closure's value, in the order the branches were given. */
    final Map<String, Object> results = new LinkedHashMap<>();

    ParallelJoin(Branch parent, boolean failFast) {
        this.parent = parent;
        this.failFast = failFast;
    }
}
