// The CPS part of the executor: block steps and the Declarative interpreter. Compiled with CpsTransformer like the
// Jenkinsfile, so the closures these methods call run under the CPS engine (and may suspend, e.g. in parallel).
import dev.jslc.executor.BuildResult
import dev.jslc.executor.Executor
import dev.jslc.executor.SectionRecorder

/** The build this runtime runs in (dev.jslc.executor.Executor). */
def thisBuild() {
    return Executor.running()
}

// ---------------- block steps ----------------

def withEnv(List entries, Closure body) {
    thisBuild().log('[Pipeline] withEnv')
    thisBuild().log('[Pipeline] {')
    def b = thisBuild().currentBranch()
    def saved = b.pushEnv(entries)
    try {
        return body()
    } finally {
        b.restoreEnv(saved)
        thisBuild().log('[Pipeline] }')
        thisBuild().log('[Pipeline] // withEnv')
    }
}

def dir(String path, Closure body) {
    def b = thisBuild().currentBranch()
    def saved = b.pushDir(path)
    thisBuild().log('[Pipeline] dir')
    thisBuild().log('Running in ' + b.getCwd())
    thisBuild().log('[Pipeline] {')
    try {
        return body()
    } finally {
        b.restoreDir(saved)
        thisBuild().log('[Pipeline] }')
        thisBuild().log('[Pipeline] // dir')
    }
}

def ws(String path, Closure body) {
    return dir(path, body)
}

def withCredentials(List bindings, Closure body) {
    thisBuild().log('[Pipeline] withCredentials')
    def bound = thisBuild().credentials.bind(bindings)
    thisBuild().log('Masking supported pattern matches of credentials')
    thisBuild().log('[Pipeline] {')
    def b = thisBuild().currentBranch()
    def saved = b.pushEnv(bound.env)
    try {
        return body()
    } finally {
        b.restoreEnv(saved)
        bound.cleanup()
        thisBuild().log('[Pipeline] }')
        thisBuild().log('[Pipeline] // withCredentials')
    }
}

def timeout(def args, Closure body) {
    Map a = args instanceof Map ? args : [time: args]
    thisBuild().log('[Pipeline] timeout')
    thisBuild().log('Timeout set to expire in ' + a.time + ' ' + (a.unit ?: 'MINUTES').toLowerCase())
    thisBuild().log('[Pipeline] {')
    def b = thisBuild().currentBranch()
    def saved = b.pushTimeout(a)
    try {
        return body()
    } finally {
        b.popTimeout(saved)
        thisBuild().log('[Pipeline] }')
        thisBuild().log('[Pipeline] // timeout')
    }
}

def retry(def args, Closure body) {
    int count = args instanceof Map ? args.count : args
    thisBuild().log('[Pipeline] retry')
    thisBuild().log('[Pipeline] {')
    try {
        int attempt = 0
        while (true) {
            try {
                return body()
            } catch (Executor.Interrupted e) {
                throw e
            } catch (Exception e) {
                attempt++
                thisBuild().log('ERROR: ' + (e instanceof Executor.AbortException ? e.getMessage() : e.toString()))
                if (attempt >= count) {
                    throw e
                }
                thisBuild().log('Retrying')
            }
        }
    } finally {
        thisBuild().log('[Pipeline] }')
        thisBuild().log('[Pipeline] // retry')
    }
}

def timestamps(Closure body) {
    return body()
}

def ansiColor(def ignored, Closure body) {
    return body()
}

def script(Closure body) {
    thisBuild().log('[Pipeline] script')
    thisBuild().log('[Pipeline] {')
    try {
        return body()
    } finally {
        thisBuild().log('[Pipeline] }')
        thisBuild().log('[Pipeline] // script')
    }
}

def node(Closure body) {
    return node(null, body)
}

def node(def label, Closure body) {
    thisBuild().log('[Pipeline] node')
    thisBuild().log('Running on built-in in ' + thisBuild().currentBranch().getCwd())
    thisBuild().log('[Pipeline] {')
    try {
        return body()
    } finally {
        thisBuild().log('[Pipeline] }')
        thisBuild().log('[Pipeline] // node')
    }
}

def stage(def name, Closure body) {
    String n = name instanceof Map ? name.name : name
    thisBuild().log('[Pipeline] stage')
    thisBuild().log('[Pipeline] { (' + n + ')')
    try {
        return body()
    } finally {
        thisBuild().log('[Pipeline] }')
        thisBuild().log('[Pipeline] // stage')
    }
}

def catchError(Closure body) {
    return catchError([:], body)
}

def catchError(Map args, Closure body) {
    thisBuild().log('[Pipeline] catchError')
    thisBuild().log('[Pipeline] {')
    try {
        return body()
    } catch (Exception e) {
        thisBuild().log('ERROR: ' + (e instanceof Executor.AbortException ? e.getMessage() : e.toString()))
        thisBuild().results.worsen(args.buildResult ?: 'FAILURE')
        return null
    } finally {
        thisBuild().log('[Pipeline] }')
        thisBuild().log('[Pipeline] // catchError')
    }
}

def warnError(String message, Closure body) {
    try {
        return body()
    } catch (Exception e) {
        thisBuild().log('WARNING: ' + message)
        thisBuild().results.worsen('UNSTABLE')
        return null
    }
}

// ---------------- Declarative ----------------

/** Runs a section closure with a recording delegate; the closure is then reset so nested blocks resolve normally. */
def recordSection(Closure c) {
    def r = new SectionRecorder()
    if (c == null) {
        return r
    }
    c.resolveStrategy = Closure.DELEGATE_FIRST
    c.delegate = r
    c.call()
    c.resolveStrategy = Closure.OWNER_FIRST
    c.delegate = null
    return r
}

def pipeline(Closure body) {
    def top = recordSection(body)
    def agentCall = top.first('agent')
    if (agentCall == null) {
        error('Missing required section "agent"')
    }
    if (top.first('stages') == null) {
        error('Missing required section "stages"')
    }
    if (top.first('parameters') != null) {
        thisBuild().declarative.applyParameterDefaults(recordSection(top.first('parameters').closure))
    }
    if (top.first('tools') != null) {
        error('tools {} is not supported by the jslc local executor yet')
    }
    def optionsRec = top.first('options') != null ? recordSection(top.first('options').closure) : new SectionRecorder()
    boolean alwaysFailFast = optionsRec.first('parallelsAlwaysFailFast') != null
    Throwable err = null
    try {
        withAgent(agentCall) {
            try {
                if (thisBuild().declarative.hasScm() && optionsRec.first('skipDefaultCheckout') == null && agentCall.arg(0) != 'none') {
                    stage('Declarative: Checkout SCM') {
                        checkout(scm)
                    }
                }
                withEnvironment(top.first('environment')) {
                    wrapOptions(optionsRec.directives, 0) {
                        runStages(stageList(top.first('stages'), alwaysFailFast), false)
                    }
                }
            } catch (Throwable e) {
                err = e
                thisBuild().results.worsen(BuildResult.of(e))
            }
            runPost(top, err, 'Declarative: Post Actions')
        }
    } catch (Throwable e) {
        if (err == null) {
            err = e
        }
    }
    if (err != null) {
        throw err
    }
}

def stageList(def stagesCall, boolean alwaysFailFast) {
    def r = recordSection(stagesCall.closure)
    def out = []
    for (def c in r.all('stage')) {
        out.add([name: c.arg(0) instanceof Map ? c.arg(0).name : c.arg(0), sections: recordSection(c.closure), alwaysFailFast: alwaysFailFast])
    }
    return out
}

def withAgent(def agentCall, Closure body) {
    if (agentCall == null) {
        return body()
    }
    def a = agentCall.arg(0)
    if (a == 'none') {
        return body()
    }
    if (a == 'any') {
        thisBuild().log('[Pipeline] node')
        thisBuild().log('Running on built-in in ' + thisBuild().currentBranch().getCwd())
    }
    String container = null
    String previous = thisBuild().currentBranch().getContainer()
    if (a != 'any') {
        def ar = recordSection(agentCall.closure)
        def inner = null
        for (def c in ar.directives) {
            if ((c.name == 'docker' || c.name == 'kubernetes') && c.closure != null) {
                inner = recordSection(c.closure)
            }
        }
        container = thisBuild().declarative.startAgent(ar, inner)
    }
    thisBuild().log('[Pipeline] {')
    try {
        if (container != null) {
            thisBuild().currentBranch().setContainer(container)
        }
        return body()
    } finally {
        if (container != null) {
            thisBuild().currentBranch().setContainer(previous)
            thisBuild().declarative.stopAgent(container)
        }
        thisBuild().log('[Pipeline] }')
        thisBuild().log('[Pipeline] // node')
    }
}

def withEnvironment(def envCall, Closure body) {
    if (envCall == null) {
        return body()
    }
    // Each assignment is visible to the next ones while the block is evaluated (then withEnv applies them all).
    def b = thisBuild().currentBranch()
    def r = new SectionRecorder()
    r.exposeAssignmentsTo(b)
    def saved = b.pushEnv([])
    try {
        envCall.closure.resolveStrategy = Closure.DELEGATE_FIRST
        envCall.closure.delegate = r
        envCall.closure.call()
    } finally {
        b.restoreEnv(saved)
        r.exposeAssignmentsTo(null)
    }
    List entries = []
    List bounds = []
    for (def k in r.assignments.keySet()) {
        def v = r.assignments.get(k)
        if (v instanceof SectionRecorder.CredentialsRef) {
            def bound = thisBuild().credentials.bindEnvironment(k, v.id)
            bounds.add(bound)
            entries.addAll(bound.env)
        } else {
            entries.add(k + '=' + v)
        }
    }
    try {
        return withEnv(entries, body)
    } finally {
        for (def bound in bounds) {
            bound.cleanup()
        }
    }
}

def withOptions(def optionsCall, Closure body) {
    if (optionsCall == null) {
        return body()
    }
    def r = recordSection(optionsCall.closure)
    return wrapOptions(r.directives, 0, body)
}

def wrapOptions(List calls, int i, Closure body) {
    if (i >= calls.size()) {
        return body()
    }
    def c = calls.get(i)
    if (c.name == 'timeout') {
        return timeout(c.arg(0)) {
            wrapOptions(calls, i + 1, body)
        }
    }
    if (c.name == 'retry') {
        return retry(c.arg(0)) {
            wrapOptions(calls, i + 1, body)
        }
    }
    return wrapOptions(calls, i + 1, body)
}

def runStages(List stages, boolean parentFailed) {
    Throwable first = null
    for (int i = 0; i < stages.size(); i++) {
        def st = stages.get(i)
        if (first != null || parentFailed || thisBuild().results.failureOrWorse()) {
            thisBuild().log('[Pipeline] stage')
            thisBuild().log('[Pipeline] { (' + st.name + ')')
            thisBuild().log('Stage "' + st.name + '" skipped due to earlier failure(s)')
            thisBuild().log('[Pipeline] }')
            thisBuild().log('[Pipeline] // stage')
            continue
        }
        try {
            runStage(st.name, st.sections, st.alwaysFailFast)
        } catch (Throwable e) {
            // A stage stopped by a failFast sibling leaves the result to the failing branch (as Jenkins does).
            if (!(e instanceof Executor.Interrupted && e.failFast)) {
                thisBuild().results.worsen(BuildResult.of(e))
            }
            if (first == null) {
                first = e
            }
        }
    }
    if (first != null) {
        throw first
    }
}

def runStage(String name, def s, boolean alwaysFailFast) {
    thisBuild().log('[Pipeline] stage')
    thisBuild().log('[Pipeline] { (' + name + ')')
    try {
        def whenCall = s.first('when')
        if (whenCall != null && !evalWhen(recordSection(whenCall.closure))) {
            thisBuild().log('Stage "' + name + '" skipped due to when conditional')
            return
        }
        Throwable err = null
        try {
            withAgent(s.first('agent')) {
                withEnvironment(s.first('environment')) {
                    withOptions(s.first('options')) {
                        if (s.first('steps') != null) {
                            s.first('steps').closure.call()
                        } else if (s.first('stages') != null) {
                            runStages(stageList(s.first('stages'), alwaysFailFast), false)
                        } else if (s.first('parallel') != null) {
                            runParallelStages(s, alwaysFailFast)
                        } else if (s.first('matrix') != null) {
                            error('matrix is not supported by the jslc local executor yet')
                        } else {
                            error('Stage "' + name + '" has no steps, stages or parallel')
                        }
                    }
                }
            }
        } catch (Throwable e) {
            err = e
            thisBuild().log('ERROR: ' + (e instanceof Executor.AbortException || e instanceof Executor.Interrupted ? e.getMessage() : e.toString()))
        }
        runPost(s, err, null)
        if (err != null) {
            throw err
        }
    } finally {
        thisBuild().log('[Pipeline] }')
        thisBuild().log('[Pipeline] // stage')
    }
}

def branchOf(String name, def stageRec, boolean alwaysFailFast) {
    return {
        runStage(name, stageRec, alwaysFailFast)
    }
}

def runParallelStages(def s, boolean alwaysFailFast) {
    def r = recordSection(s.first('parallel').closure)
    Map branches = [:]
    for (def c in r.all('stage')) {
        String n = c.arg(0) instanceof Map ? c.arg(0).name : c.arg(0)
        branches.put(n, branchOf(n, recordSection(c.closure), alwaysFailFast))
    }
    def ff = s.first('failFast')
    if (alwaysFailFast || ff != null && ff.arg(0) == true) {
        branches.put('failFast', true)
    }
    return parallel(branches)
}

def evalWhen(def w) {
    for (def c in w.directives) {
        if (!evalCondition(c)) {
            return false
        }
    }
    return true
}

def evalCondition(def c) {
    String n = c.name
    if (n == 'beforeAgent' || n == 'beforeInput' || n == 'beforeOptions') {
        return true
    }
    if (n == 'expression') {
        def v = c.closure.call()
        return v ? true : false
    }
    if (n == 'allOf') {
        return evalWhen(recordSection(c.closure))
    }
    if (n == 'anyOf') {
        def r = recordSection(c.closure)
        for (def d in r.directives) {
            if (evalCondition(d)) {
                return true
            }
        }
        return false
    }
    if (n == 'not') {
        def r = recordSection(c.closure)
        return !evalCondition(r.directives.get(0))
    }
    return thisBuild().declarative.builtInCondition(c)
}

def runPost(def owner, Throwable err, String syntheticStage) {
    def postCall = owner.first('post')
    if (postCall == null) {
        return
    }
    def p = recordSection(postCall.closure)
    List order = ['always', 'changed', 'fixed', 'regression', 'aborted', 'success', 'unsuccessful', 'unstable', 'failure', 'notBuilt', 'cleanup']
    if (syntheticStage != null) {
        thisBuild().log('[Pipeline] stage')
        thisBuild().log('[Pipeline] { (' + syntheticStage + ')')
    }
    Throwable firstErr = null
    try {
        for (int i = 0; i < order.size(); i++) {
            String cond = order.get(i)
            def c = p.first(cond)
            if (c == null || !thisBuild().results.postConditionMatches(cond, err)) {
                continue
            }
            try {
                c.closure.call()
            } catch (Throwable e) {
                thisBuild().log('Error when executing ' + cond + ' post condition:')
                thisBuild().log('ERROR: ' + (e instanceof Executor.AbortException ? e.getMessage() : e.toString()))
                thisBuild().results.worsen(BuildResult.of(e))
                if (firstErr == null) {
                    firstErr = e
                }
            }
        }
    } finally {
        if (syntheticStage != null) {
            thisBuild().log('[Pipeline] }')
            thisBuild().log('[Pipeline] // stage')
        }
    }
    if (firstErr != null && err == null) {
        throw firstErr
    }
}
