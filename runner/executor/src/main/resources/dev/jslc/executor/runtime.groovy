// The CPS part of the executor: block steps and the Declarative interpreter. Compiled with CpsTransformer like the
// Jenkinsfile, so the closures these methods call run under the CPS engine (and may suspend, e.g. in parallel).
import dev.jslc.executor.BuildResult
import dev.jslc.executor.Executor
import dev.jslc.executor.InputAnswers
import dev.jslc.executor.Locks
import dev.jslc.executor.SectionRecorder
import dev.jslc.executor.StepSupport

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

def dir(Map args, Closure body) {
    return dir(String.valueOf(args.path), body)
}

def ws(String path, Closure body) {
    return dir(path, body)
}

// credentials-binding's BindingStep: the bindings' files go under the current directory's @tmp/secretFiles (its
// FilePath context), the secret variables are named in the masking line, the files are deleted when the body ends.
def withCredentials(List bindings, Closure body) {
    thisBuild().log('[Pipeline] withCredentials')
    def b = thisBuild().currentBranch()
    def bound = thisBuild().credentials.bind(bindings, b.getCwd())
    def masking = bound.maskingMessage()
    if (masking != null) {
        thisBuild().log(masking)
    }
    thisBuild().log('[Pipeline] {')
    def saved = b.pushEnv(bound.env)
    try {
        return body()
    } catch (Throwable e) {
        throw bound.maskError(e)
    } finally {
        b.restoreEnv(saved)
        bound.cleanup()
        thisBuild().log('[Pipeline] }')
        thisBuild().log('[Pipeline] // withCredentials')
    }
}

// credentials-binding's CertificateMultiBinding (@Symbol("certificate")): keystoreVariable, passwordVariable,
// aliasVariable. A binding descriptor, as the string/file/usernamePassword/sshUserPrivateKey steps return.
def certificate(Map args) {
    return thisBuild().credentials.binding('certificate', args)
}

// ssh-agent plugin's SSHAgentStep: sshagent(['id']) or sshagent(credentials: [...], ignoreMissing: true); a real
// ssh-agent holds the keys while the body runs (SSH_AUTH_SOCK, SSH_AGENT_PID), stopped when it ends.
def sshagent(def args, Closure body) {
    Map a = args instanceof Map ? args : [credentials: args]
    thisBuild().log('[Pipeline] sshagent')
    def b = thisBuild().currentBranch()
    def agent = thisBuild().credentials.startSshAgent(a.credentials ?: [], a.ignoreMissing == true, b.getCwd())
    thisBuild().log('[Pipeline] {')
    def saved = b.pushEnv(agent.envEntries())
    try {
        return body()
    } finally {
        b.restoreEnv(saved)
        thisBuild().log('[Pipeline] }')
        agent.stop()
        thisBuild().log('[Pipeline] // sshagent')
    }
}

// workflow-basic-steps TimeoutStep/TimeoutStepExecution: "Timeout set to expire in <Util.getTimeSpanString>"; when it
// fires the steps inside are interrupted ("Cancelling nested steps due to timeout"), and once the interruption leaves
// this block it is no longer an "actual" interruption (Callback#onFailure: setActualInterruption(false)), so a retry
// around the timeout retries it while a retry inside it does not (RetryStepTest#shouldRetryAfterInnerTimeout,
// #shouldNotRetryAfterOuterTimeout).
def timeout(def args, Closure body) {
    Map a = args instanceof Map ? args : [time: args]
    if (a.time == null) {
        error('timeout: time is required, e.g. timeout(time: 10, unit: \'MINUTES\')')
    }
    String unit = a.unit == null ? 'MINUTES' : String.valueOf(a.unit)
    if (!(unit in ['NANOSECONDS', 'MICROSECONDS', 'MILLISECONDS', 'SECONDS', 'MINUTES', 'HOURS', 'DAYS'])) {
        error('timeout: unit ' + unit + ' is not one of NANOSECONDS, MICROSECONDS, MILLISECONDS, SECONDS, MINUTES, HOURS, DAYS')
    }
    thisBuild().log('[Pipeline] timeout')
    if (a.activity) {
        return activityTimeout(java.util.concurrent.TimeUnit.valueOf(unit).toMillis(a.time as long), body)
    }
    def b = thisBuild().currentBranch()
    def saved = b.pushTimeout(a)
    long end = StepSupport.innermostDeadline(b)
    thisBuild().log('Timeout set to expire in ' + StepSupport.timeSpan(java.util.concurrent.TimeUnit.valueOf(unit).toMillis(a.time as long)))
    thisBuild().log('[Pipeline] {')
    try {
        return body()
    } catch (Executor.Interrupted e) {
        if (StepSupport.isTimeout(e) && System.currentTimeMillis() >= end) {
            StepSupport.markNotActual(e)
            StepSupport.handle(thisBuild(), e)
        }
        throw e
    } finally {
        b.popTimeout(saved)
        thisBuild().log('[Pipeline] }')
        thisBuild().log('[Pipeline] // timeout')
    }
}

// TimeoutStepExecution with activity: "Timeout set to expire after <span> without activity"; each line of output of
// the body (a process's, an echo) starts the timer again; when it runs out the body is interrupted as by a timeout.
def activityTimeout(long millis, Closure body) {
    def b = thisBuild().currentBranch()
    long timer = StepSupport.startActivity(b, millis)
    thisBuild().log('Timeout set to expire after ' + StepSupport.timeSpan(millis) + ' without activity')
    thisBuild().log('[Pipeline] {')
    try {
        return body()
    } catch (Executor.Interrupted e) {
        if (StepSupport.isTimeout(e) && StepSupport.activityExpired(timer)) {
            StepSupport.markNotActual(e)
            StepSupport.handle(thisBuild(), e)
        }
        throw e
    } finally {
        StepSupport.stopActivity(timer)
        thisBuild().log('[Pipeline] }')
        thisBuild().log('[Pipeline] // timeout')
    }
}

// workflow-basic-steps RetryStep/RetryStepExecution: retry(n) or retry(count: n, conditions: [...]); a failed attempt
// is logged (the AbortException's message, the interruption's cause, else "Execution failed") then "Retrying"; an
// actual interruption (an abort, an input answered abort, a timeout around the retry) is not retried, nor the last
// attempt's error, which is thrown as it is.
def retry(def args, Closure body) {
    if (args == null || args instanceof Map && args.count == null) {
        error('retry: count is required, e.g. retry(3) or retry(count: 3)')
    }
    int count = args instanceof Map ? (args.count as int) : (args as int)
    List conditions = args instanceof Map ? (List) args.conditions : null
    if (count < 1) {
        error('retry: count must be at least 1, got ' + count)
    }
    thisBuild().log('[Pipeline] retry')
    int left = count
    while (true) {
        thisBuild().log('[Pipeline] {')
        try {
            def r = body()
            thisBuild().log('[Pipeline] }')
            thisBuild().log('[Pipeline] // retry')
            return r
        } catch (Throwable e) {
            thisBuild().log('[Pipeline] }')
            left--
            if (left > 0 && StepSupport.retries(e, conditions)) {
                StepSupport.logRetried(thisBuild(), e)
            } else {
                thisBuild().log('[Pipeline] // retry')
                throw e
            }
        }
    }
}

/** retry's conditions: agent() and nonresumable() (workflow-durable-task-step AgentErrorCondition, workflow-basic-steps SynchronousResumeNotSupportedErrorCondition). */
def agent() {
    return ['$kind': 'errorCondition', name: 'agent']
}

def nonresumable() {
    return ['$kind': 'errorCondition', name: 'nonresumable']
}

// lockable-resources LockStep/LockStepExecution: lock('name') or lock(resource:, label:, quantity:, inversePrecedence:,
// variable:, skipIfLocked:); logs "Trying to acquire lock on [Resource: x]", "Lock acquired on [...]" and, when the
// body ends, "Lock released on resource [...]"; a resource held by another branch makes this one wait. variable: the
// names locked, comma-separated, and each as VARIABLE0, VARIABLE1, … (LockStepExecution#proceed).
def lock(def args, Closure body) {
    Map a = args instanceof Map ? args : [resource: args]
    String resource = a.resource == null || String.valueOf(a.resource).trim().isEmpty() ? null : String.valueOf(a.resource).trim()
    String label = a.label == null || String.valueOf(a.label).trim().isEmpty() ? null : String.valueOf(a.label).trim()
    int quantity = a.quantity == null ? 0 : (a.quantity as int)
    boolean inverse = a.inversePrecedence ? true : false
    thisBuild().log('[Pipeline] lock')
    if (inverse && a.priority != null && (a.priority as int) != 0) {
        throw new IllegalArgumentException('The "inverse precedence" option is not compatible with "queue priority" option!')
    }
    String description = Locks.describe(resource, label, quantity)
    thisBuild().log('Trying to acquire lock on [' + description + ']')
    if (Locks.create(resource)) {
        thisBuild().log('Resource [' + resource + '] did not exist. Created.')
    }
    if (a.skipIfLocked && !Locks.isFree(resource, label, quantity)) {
        thisBuild().log('[' + description + '] is not free, skipping execution ...')
        thisBuild().log('[Pipeline] // lock')
        return null
    }
    List names = Locks.acquire(resource, label, quantity, inverse, description)
    thisBuild().log('Lock acquired on [' + description + ']')
    thisBuild().log('[Pipeline] {')
    List env = []
    if (a.variable) {
        env.add(a.variable + '=' + names.join(','))
        for (int i = 0; i < names.size(); i++) {
            env.add(a.variable + i + '=' + names.get(i))
        }
    }
    def b = thisBuild().currentBranch()
    def saved = b.pushEnv(env)
    try {
        return body()
    } finally {
        b.restoreEnv(saved)
        thisBuild().log('[Pipeline] }')
        Locks.release(names)
        thisBuild().log('Lock released on resource [' + description + ']')
        thisBuild().log('[Pipeline] // lock')
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
    // workflow-basic-steps' StageStep (via pipeline-stage-step) sets STAGE_NAME for the body.
    def b = thisBuild().currentBranch()
    def savedEnv = b.pushEnv(['STAGE_NAME=' + n])
    def rec = thisBuild().stages.begin(n)
    Throwable err = null
    try {
        return body()
    } catch (Throwable e) {
        err = e
        throw e
    } finally {
        thisBuild().stages.end(rec, err)
        b.restoreEnv(savedEnv)
        thisBuild().log('[Pipeline] }')
        thisBuild().log('[Pipeline] // stage')
    }
}

def catchError(Closure body) {
    return catchError([:], body)
}

// workflow-basic-steps CatchErrorStep: buildResult (default FAILURE) for the build, stageResult (default SUCCESS) as a
// WarningAction on the step (the stage's status), message logged as an error, catchInterruptions (default true: an
// interruption is caught too and gives its own result, ABORTED; false rethrows an actual interruption).
def catchError(Map args, Closure body) {
    def buildResult = StepSupport.resultOption('buildResult', args.containsKey('buildResult') ? (args.buildResult ?: 'SUCCESS') : 'FAILURE')
    def stageResult = StepSupport.resultOption('stageResult', args.stageResult ?: 'SUCCESS')
    String message = args.message == null || String.valueOf(args.message).trim().isEmpty() ? null : String.valueOf(args.message).trim()
    boolean catchInterruptions = args.containsKey('catchInterruptions') ? (args.catchInterruptions as boolean) : true
    return catchBlock('catchError', message, buildResult, stageResult, catchInterruptions, body)
}

def catchBlock(String step, String message, def buildResult, def stageResult, boolean catchInterruptions, Closure body) {
    thisBuild().log('[Pipeline] ' + step)
    thisBuild().log('[Pipeline] {')
    try {
        body()
        return null
    } catch (Throwable e) {
        if (!StepSupport.caught(thisBuild(), e, message, buildResult, stageResult, catchInterruptions)) {
            throw e
        }
        return null
    } finally {
        thisBuild().log('[Pipeline] }')
        thisBuild().log('[Pipeline] // ' + step)
    }
}

// workflow-basic-steps WarnErrorStep: a catchError with buildResult and stageResult UNSTABLE and a required message
// ("A non-empty message is required"); catchInterruptions as catchError's.
def warnError(Closure body) {
    return warnError([:], body)
}

def warnError(String message, Closure body) {
    return warnError([message: message], body)
}

def warnError(Map args, Closure body) {
    String message = args.message == null ? '' : String.valueOf(args.message).trim()
    if (message.isEmpty()) {
        throw new IllegalArgumentException('A non-empty message is required')
    }
    boolean catchInterruptions = args.containsKey('catchInterruptions') ? (args.catchInterruptions as boolean) : true
    return catchBlock('warnError', message, BuildResult.UNSTABLE, BuildResult.UNSTABLE, catchInterruptions, body)
}

// ---------------- Declarative ----------------
// The interpreter follows pipeline-model-definition's ModelInterpreter
// (pipeline-model-definition/src/main/resources/org/jenkinsci/plugins/pipeline/modeldefinition/ModelInterpreter.groovy);
// each method names the upstream method it reproduces. Sections are recorded with SectionRecorder first (the model
// upstream gets from its AST transformation), then run.

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

/** The error's line as the executor logs it inside a stage. */
def errorLine(Throwable e) {
    return 'ERROR: ' + (e instanceof Executor.AbortException || e instanceof Executor.Interrupted ? e.getMessage() : e.toString())
}

// ModelInterpreter.call: agent, then credentials, then environment, then the options' wrappers, then the stages and
// the pipeline's post, all inside them; post still runs (outside them) when one of them failed before the stages.
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
    Map root = [
        post: top.first('post'),
        alwaysFailFast: optionsRec.first('parallelsAlwaysFailFast') != null,
        skipStagesAfterUnstable: optionsRec.first('skipStagesAfterUnstable') != null,
    ]
    Throwable firstError = null
    boolean postBuildRun = false
    try {
        withAgent(agentCall) {
            if (thisBuild().declarative.hasScm() && optionsRec.first('skipDefaultCheckout') == null && agentCall.arg(0) != 'none') {
                stage('Declarative: Checkout SCM') {
                    checkout(scm)
                }
            }
            withEnvironmentSection(top.first('environment')) {
                wrapOptions(optionsRec.directives, 0) {
                    firstError = null
                    firstError = evaluateSequentialStages(root, stageList(top.first('stages')), null, null, null)
                    try {
                        postBuildRun = true
                        executePostBuild(root, firstError)
                    } catch (Throwable e) {
                        if (firstError == null) {
                            firstError = e
                        }
                    }
                    if (firstError != null) {
                        throw firstError
                    }
                }
            }
        }
    } catch (Throwable e) {
        if (firstError == null) {
            firstError = e
        }
    } finally {
        if (!postBuildRun) {
            try {
                executePostBuild(root, firstError)
            } catch (Throwable e) {
                if (firstError == null) {
                    firstError = e
                }
            }
        }
    }
    if (firstError != null) {
        throw firstError
    }
}

def stageList(def stagesCall) {
    def r = recordSection(stagesCall.closure)
    def out = []
    for (def c in r.all('stage')) {
        out.add(stageModel(c))
    }
    return out
}

def stageModel(def c) {
    return [name: c.arg(0) instanceof Map ? c.arg(0).name : c.arg(0), sections: recordSection(c.closure)]
}

// ModelInterpreter.evaluateSequentialStages: each stage gets the first error so far (it is skipped when there is one);
// a stage group's post runs after its stages, inside the group's agent and environment, unless the group is skipped.
def evaluateSequentialStages(Map root, List stages, Throwable firstError, Map parent, Map skipped) {
    try {
        for (int i = 0; i < stages.size(); i++) {
            try {
                evaluateStage(root, stages.get(i), firstError, skipped)
            } catch (Throwable e) {
                if (firstError == null) {
                    firstError = e
                }
            }
        }
    } finally {
        if (skipped == null && parent != null && parent.sections.first('post') != null) {
            firstError = runPostConditions(parent.sections.first('post'), firstError, true)
        }
    }
    return firstError
}

// SkippedStageReason (pipeline-model-definition/src/main/java/.../model/SkippedStageReason.java) and its messages
// (Messages.properties: SkippedStageReason.*.Message); status is the stage status file's name for StageStatus' tag.
def skipReason(String kind, String stageName) {
    if (kind == 'failure') {
        return [kind: kind, stage: stageName, status: 'skipped-after-failure', message: 'Stage "' + stageName + '" skipped due to earlier failure(s)']
    }
    if (kind == 'unstable') {
        return [kind: kind, stage: stageName, status: 'skipped-after-unstable', message: 'Stage "' + stageName + '" skipped due to earlier stage(s) marking the build as unstable']
    }
    return [kind: kind, stage: stageName, status: 'skipped-by-when', message: 'Stage "' + stageName + '" skipped due to when conditional']
}

/** ModelInterpreter.skipUnstable: the build is UNSTABLE and options { skipStagesAfterUnstable() }. */
def skipUnstable(Map root) {
    return root.skipStagesAfterUnstable && thisBuild().results.current().name() == 'UNSTABLE'
}

// ModelInterpreter.evaluateStage: skipped (earlier error, skipStagesAfterUnstable, or a skipped parent), else options
// wrap input, which wraps the agent, which wraps the rest; when is evaluated where its before* flags say (after the
// agent by default); then credentials, environment, and the steps (with post), nested stages or parallel branches.
def evaluateStage(Map root, Map st, Throwable firstError, Map skipped) {
    def s = st.sections
    stage(st.name) {
        def rec = thisBuild().stages.innermost()
        try {
            if (skipped != null) {
                skipStage(root, st, firstError, skipped, rec)
            } else if (firstError != null) {
                skipped = skipReason('failure', st.name)
                skipStage(root, st, firstError, skipped, rec)
            } else if (skipUnstable(root)) {
                skipped = skipReason('unstable', st.name)
                skipStage(root, st, firstError, skipped, rec)
            } else {
                // A matrix cell's axis values wrap all of the cell, its when included (ModelInterpreter.evaluateStage:
                // withEnvBlock(thisStage.getMatrixCellEnvVars(script))).
                if (st.cellEnv) {
                    withEnv(st.cellEnv) {
                        evaluateStageBody(root, st, firstError)
                    }
                } else {
                    evaluateStageBody(root, st, firstError)
                }
                if (!st.whenState.passed) {
                    skipped = skipReason('when', st.name)
                    skipStage(root, st, firstError, skipped, rec)
                }
            }
        } catch (Throwable e) {
            if (firstError == null) {
                firstError = e
            }
        } finally {
            // A parallel (or matrix) stage's post runs here, outside its options (ModelInterpreter.evaluateStage's finally).
            if (skipped == null && isParallel(s) && s.first('post') != null) {
                firstError = runPostConditions(s.first('post'), firstError, true)
            }
        }
        if (firstError != null) {
            throw firstError
        }
    }
}

// RuntimeASTTransformer.transformMatrix/expandAxes/filterExcludes/transformMatrixStage (pipeline-model-definition,
// src/main/groovy/.../parser/RuntimeASTTransformer.groovy): one cell per combination of the axes' values (each new
// axis' values outermost), minus the excluded ones; a cell is a stage "Matrix - A = 'x', B = 'y'" with the matrix's
// agent, when, environment, options, input and post, the matrix's stages, and its axis values as environment.
def matrixCells(def matrixCall) {
    def m = recordSection(matrixCall.closure)
    if (m.first('axes') == null || m.first('stages') == null) {
        error('matrix needs axes {} and stages {}')
    }
    List cells = [[:]]
    for (def axisCall in recordSection(m.first('axes').closure).all('axis')) {
        def a = recordSection(axisCall.closure)
        String axisName = a.first('name').arg(0)
        List next = []
        for (def v in a.first('values').args) {
            for (Map prev in cells) {
                Map g = new LinkedHashMap(prev)
                g.put(axisName, String.valueOf(v))
                next.add(g)
            }
        }
        cells = next
    }
    if (m.first('excludes') != null) {
        for (def ex in recordSection(m.first('excludes').closure).all('exclude')) {
            List matching = new ArrayList(cells)
            for (def axisCall in recordSection(ex.closure).all('axis')) {
                def a = recordSection(axisCall.closure)
                String axisName = a.first('name').arg(0)
                boolean inverse = a.first('notValues') != null
                List vals = []
                for (def v in (inverse ? a.first('notValues') : a.first('values')).args) {
                    vals.add(String.valueOf(v))
                }
                List keep = []
                for (Map cell in matching) {
                    boolean contains = vals.contains(cell.get(axisName))
                    if (inverse ? !contains : contains) {
                        keep.add(cell)
                    }
                }
                matching = keep
            }
            cells.removeAll(matching)
        }
    }
    List out = []
    for (Map cell in cells) {
        List labels = []
        List cellEnv = []
        for (def k in cell.keySet()) {
            labels.add(k + " = '" + cell.get(k) + "'")
            cellEnv.add(k + '=' + cell.get(k))
        }
        def sections = new SectionRecorder()
        for (def d in m.directives) {
            if (d.name != 'axes' && d.name != 'excludes') {
                sections.directives.add(d)
            }
        }
        out.add([name: 'Matrix - ' + labels.join(', '), sections: sections, cellEnv: cellEnv])
    }
    return out
}

/** Whether a stage runs branches: parallel {} or matrix {} (whose cells are parallel branches upstream too). */
def isParallel(def s) {
    return s.first('parallel') != null || s.first('matrix') != null
}

// The rest of ModelInterpreter.evaluateStage for a stage that is not skipped: options, input, agent, when (where its
// before* flags put it), credentials, environment, then the stage's content. Leaves the when's state in st.whenState.
def evaluateStageBody(Map root, Map st, Throwable firstError) {
    def s = st.sections
    Map w = whenEvaluator(s.first('when'))
    st.whenState = w
    if (whenPassedOrNotEvaluated(w, 'beforeOptions')) {
        withOptions(s.first('options')) {
            if (whenPassedOrNotEvaluated(w, 'beforeInput')) {
              withStageInput(s.first('input'), st.name) {
                if (isParallel(s)) {
                    if (whenPassedOrNotEvaluated(w, null)) {
                        withEnvironmentSection(s.first('environment')) {
                            parallel(parallelStages(root, st, firstError, null))
                        }
                    }
                } else if (whenPassedOrNotEvaluated(w, 'beforeAgent')) {
                    withAgent(s.first('agent')) {
                        if (whenPassedOrNotEvaluated(w, null)) {
                            withEnvironmentSection(s.first('environment')) {
                                if (s.first('stages') != null) {
                                    def nestedError = evaluateSequentialStages(root, stageList(s.first('stages')), firstError, st, null)
                                    if (nestedError != null) {
                                        throw nestedError
                                    }
                                } else {
                                    executeSingleStage(st)
                                }
                            }
                        }
                    }
                }
              }
            }
        }
    }
}

// ModelInterpreter.stageInput: the stage's input {} directive (message, id, ok, submitter, submitterParameter,
// parameters) is the input step; the values submitted become environment variables of the rest of the stage (a map:
// each name; one parameter: its name; only a submitterParameter: that name).
def withStageInput(def inputCall, String stageName, Closure body) {
    if (inputCall == null) {
        return body()
    }
    def rec = recordSection(inputCall.closure)
    List params = []
    if (rec.first('parameters') != null) {
        for (def d in recordSection(rec.first('parameters').closure).directives) {
            Map p = [:]
            if (d.arg(0) instanceof Map) {
                p.putAll((Map) d.arg(0))
            }
            p.put('$param', d.name)
            params.add(p)
        }
    }
    if (rec.first('message') == null) {
        error('input {} needs a message, e.g. input { message \'Deploy?\' }')
    }
    String submitterParameter = rec.first('submitterParameter')?.arg(0)
    // RuntimeASTTransformer.transformStageInput: without an id, the input's id is Util.getDigestOf(the stage's name).
    String id = rec.first('id') != null ? rec.first('id').arg(0) : InputAnswers.idOf(null, stageName)
    def submitted = input(message: rec.first('message').arg(0), id: id, ok: rec.first('ok')?.arg(0),
        submitter: rec.first('submitter')?.arg(0), submitterParameter: submitterParameter, parameters: params)
    if (params.isEmpty() && submitterParameter == null) {
        return body()
    }
    List inputEnv = []
    if (submitted instanceof Map) {
        for (def k in submitted.keySet()) {
            inputEnv.add(k + '=' + submitted.get(k))
        }
    } else if (submitterParameter != null) {
        inputEnv.add(submitterParameter + '=' + submitted)
    } else if (params.size() == 1) {
        inputEnv.add(params.get(0).name + '=' + submitted)
    }
    return withEnv(inputEnv, body)
}

// ModelInterpreter.skipStage: logs the reason, tags the stage, and skips its children too: parallel branches each with
// the reason under their own name, nested stages with the same reason (so its message names the skipped parent).
def skipStage(Map root, Map st, Throwable firstError, Map reason, def rec) {
    thisBuild().log(reason.message)
    rec.markSkipped(reason.status)
    def s = st.sections
    if (isParallel(s)) {
        parallel(parallelStages(root, st, firstError, reason))
    } else if (s.first('stages') != null) {
        evaluateSequentialStages(root, stageList(s.first('stages')), firstError, st, reason)
    }
}

def parallelBranch(Map root, Map child, Throwable firstError, Map skipped) {
    return {
        evaluateStage(root, child, firstError, skipped)
    }
}

// ModelInterpreter.getParallelStages: one branch per stage; failFast from the stage or parallelsAlwaysFailFast().
def parallelStages(Map root, Map st, Throwable firstError, Map reason) {
    List children = []
    if (st.sections.first('matrix') != null) {
        children = matrixCells(st.sections.first('matrix'))
    } else {
        def r = recordSection(st.sections.first('parallel').closure)
        for (def c in r.all('stage')) {
            children.add(stageModel(c))
        }
    }
    Map branches = [:]
    for (Map child in children) {
        Map childReason = reason == null ? null : skipReason(reason.kind, child.name)
        branches.put(child.name, parallelBranch(root, child, firstError, childReason))
    }
    def ff = st.sections.first('failFast')
    if (!branches.isEmpty() && (root.alwaysFailFast || ff != null && ff.arg(0) == true)) {
        branches.put('failFast', true)
    }
    return branches
}

// ModelInterpreter.executeSingleStage: the steps, then the stage's post (inside the stage's agent, credentials,
// environment and options: on every retry attempt).
def executeSingleStage(Map st) {
    Throwable stageError = null
    try {
        if (st.sections.first('steps') == null) {
            error('Stage "' + st.name + '" has no steps, stages or parallel')
        }
        st.sections.first('steps').closure.call()
    } catch (Throwable e) {
        thisBuild().log(errorLine(e))
        stageError = e
    } finally {
        if (st.sections.first('post') != null) {
            stageError = runPostConditions(st.sections.first('post'), stageError, true)
        }
    }
    if (stageError != null) {
        throw stageError
    }
}

// ModelInterpreter.WhenEvaluator: evaluated once, at the first point its flags allow; false stops the stage there.
def whenEvaluator(def whenCall) {
    if (whenCall == null) {
        return [passed: true, rec: null, before: [:]]
    }
    def rec = recordSection(whenCall.closure)
    Map before = [:]
    for (def d in rec.directives) {
        if (d.name == 'beforeAgent' || d.name == 'beforeInput' || d.name == 'beforeOptions') {
            before.put(d.name, d.arg(0) == true)
        }
    }
    return [passed: false, rec: rec, before: before]
}

/** WhenEvaluator.passedOrNotEvaluated{BeforeOptions,BeforeInput,BeforeAgent,}: flag null evaluates now. */
def whenPassedOrNotEvaluated(Map w, String flag) {
    if (w.passed) {
        return true
    }
    if (flag != null && !w.before.get(flag)) {
        return true
    }
    w.passed = evalWhen(w.rec)
    return w.passed
}

// ModelInterpreter.inDeclarativeAgent: the agent's node block (a new workspace when another node block of the build
// holds the job's: <ws>@2), then its container (docker-workflow's DockerPipelineScript: reuseNode keeps the current
// node) or pod (kubernetes-plugin's KubernetesDeclarativeAgentScript: podTemplate, node, container(defaultContainer)).
def withAgent(def agentCall, Closure body) {
    if (agentCall == null) {
        return body()
    }
    def a = agentCall.arg(0)
    if (a == 'none') {
        return body()
    }
    def ar = null
    def inner = null
    if (a != 'any') {
        ar = recordSection(agentCall.closure)
        for (def c in ar.directives) {
            if ((c.name == 'docker' || c.name == 'kubernetes') && c.closure != null) {
                inner = recordSection(c.closure)
            }
        }
    }
    String handle = thisBuild().declarative.startAgent(ar, inner)
    thisBuild().log('[Pipeline] {')
    try {
        return body()
    } finally {
        thisBuild().declarative.stopAgent(handle)
        thisBuild().log('[Pipeline] }')
        thisBuild().log('[Pipeline] // node')
    }
}

// kubernetes-plugin's ContainerStep (pipeline/ContainerStepExecution.java): the body's processes run in the named
// container of the current pod, with POD_CONTAINER set to its name; outside a pod it fails as KubernetesNodeContext does.
def container(def nameOrArgs, Closure body) {
    String name = nameOrArgs instanceof Map ? nameOrArgs.name : nameOrArgs
    thisBuild().log('[Pipeline] container')
    String saved = thisBuild().declarative.enterContainer(name)
    def savedEnv = thisBuild().currentBranch().pushEnv(['POD_CONTAINER=' + name])
    thisBuild().log('[Pipeline] {')
    try {
        return body()
    } finally {
        thisBuild().currentBranch().restoreEnv(savedEnv)
        thisBuild().declarative.exitContainer(saved)
        thisBuild().log('[Pipeline] }')
        thisBuild().log('[Pipeline] // container')
    }
}

// ModelInterpreter.withCredentialsBlock around withEnvBlock: the credentials('id') values of an environment block are
// bound first (so the other values can use them), then the other values, which may call steps and refer to each
// other in any order (a "${B}" read before B is assigned is resolved when the block ends).
def withEnvironmentSection(def envCall, Closure body) {
    if (envCall == null) {
        return body()
    }
    // Pass 1 (no step runs): the names the block assigns, and which are credentials.
    def names = new SectionRecorder()
    names.dryRun()
    envCall.closure.resolveStrategy = Closure.DELEGATE_FIRST
    envCall.closure.delegate = names
    try {
        envCall.closure.call()
    } catch (Throwable ignored) {
        // A value that cannot be computed without its steps: the names before it are known.
    }
    List credEntries = []
    List bounds = []
    def b = thisBuild().currentBranch()
    try {
        for (def k in names.assignments.keySet()) {
            def v = names.assignments.get(k)
            if (v instanceof SectionRecorder.CredentialsRef) {
                def bound = thisBuild().credentials.bindEnvironment(k, v.id, b.getCwd())
                bounds.add(bound)
                credEntries.addAll(bound.env)
            }
        }
        def savedCreds = b.pushEnv(credEntries)
        List entries = []
        try {
            // Pass 2: the values, in order, each visible (as env.NAME) to the ones after it.
            def r = new SectionRecorder()
            r.laterNames(names, envCall.closure.thisObject)
            r.exposeAssignmentsTo(b)
            def saved = b.pushEnv([])
            try {
                envCall.closure.resolveStrategy = Closure.DELEGATE_FIRST
                envCall.closure.delegate = r
                envCall.closure.call()
            } finally {
                b.restoreEnv(saved)
                r.exposeAssignmentsTo(null)
                envCall.closure.resolveStrategy = Closure.OWNER_FIRST
                envCall.closure.delegate = null
            }
            entries = r.resolvedEntries()
        } finally {
            b.restoreEnv(savedCreds)
        }
        if (!credEntries.isEmpty()) {
            thisBuild().log('[Pipeline] withCredentials')
            def masking = thisBuild().credentials.maskingMessage(bounds)
            if (masking != null) {
                thisBuild().log(masking)
            }
            thisBuild().log('[Pipeline] {')
        }
        def savedOuter = b.pushEnv(credEntries)
        try {
            return withEnv(entries, body)
        } finally {
            b.restoreEnv(savedOuter)
            if (!credEntries.isEmpty()) {
                thisBuild().log('[Pipeline] }')
                thisBuild().log('[Pipeline] // withCredentials')
            }
        }
    } catch (Throwable e) {
        // BindingStep's FailureHandler: an error leaving the credentials block has their secrets masked.
        def err = e
        for (def bound in bounds) {
            err = bound.maskError(err)
        }
        throw err
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

// ModelInterpreter.inWrappers/recursiveWrappers: the block-scoped options in their order, outermost first.
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

// ModelInterpreter.executePostBuild: the pipeline's post in its own stage, when a condition matches.
def executePostBuild(Map root, Throwable stageError) {
    if (root.post != null && postMatches(root.post, stageError, false)) {
        stage('Declarative: Post Actions') {
            stageError = runPostConditions(root.post, stageError, false)
        }
    }
    if (stageError != null) {
        throw stageError
    }
}

List postOrder() {
    // BuildCondition's ordinals (pipeline-model-definition/src/main/java/.../model/conditions/*.java).
    return ['always', 'changed', 'fixed', 'regression', 'aborted', 'success', 'unsuccessful', 'unstable', 'failure', 'notBuilt', 'cleanup']
}

def postMatches(def postCall, Throwable err, boolean inStage) {
    def p = recordSection(postCall.closure)
    def warning = inStage ? thisBuild().stages.innermostWarning() : BuildResult.SUCCESS
    for (String cond in postOrder()) {
        if (p.first(cond) != null && thisBuild().results.postConditionMatches(cond, err, warning)) {
            return true
        }
    }
    return false
}

// ModelInterpreter.runPostConditions: each matching condition in the fixed order, with the build's result set to the
// combined result while it runs (put back after unless the condition changed it); an error in one is logged, the
// others still run, and the first such error becomes the stage's error when it had none. Returns the error.
def runPostConditions(def postCall, Throwable stageError, boolean inStage) {
    if (inStage) {
        if (!postMatches(postCall, stageError, true)) {
            return stageError
        }
        thisBuild().log('Post stage')
    }
    def p = recordSection(postCall.closure)
    def results = thisBuild().results
    def warning = inStage ? thisBuild().stages.innermostWarning() : BuildResult.SUCCESS
    for (String cond in postOrder()) {
        String original = results.resultOrNull()
        String logical = results.combined(stageError, warning).name()
        try {
            def c = p.first(cond)
            if (c != null && results.postConditionMatches(cond, stageError, warning)) {
                results.force(logical)
                c.closure.call()
            }
        } catch (Throwable e) {
            thisBuild().log('Error when executing ' + cond + ' post condition:')
            thisBuild().log(e instanceof Executor.AbortException ? 'hudson.AbortException: ' + e.getMessage() : e.toString())
            if (stageError == null) {
                stageError = e
            }
        } finally {
            if (results.current().name() == logical && logical != original) {
                results.force(original)
            }
        }
    }
    return stageError
}
