package dev.jslc.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The block steps' Java side: time spans, result options, retry's decision, input ids and answers. */
class StepSupportTest {
    @Test
    void timeSpansAreJenkinsUtilGetTimeSpanString() {
        assertEquals("1 sec", StepSupport.timeSpan(1000));
        assertEquals("1.5 sec", StepSupport.timeSpan(1500));
        assertEquals("15 sec", StepSupport.timeSpan(15_000));
        assertEquals("0.25 sec", StepSupport.timeSpan(250));
        assertEquals("50 ms", StepSupport.timeSpan(50));
        assertEquals("5 min 0 sec", StepSupport.timeSpan(300_000));
        assertEquals("1 min 30 sec", StepSupport.timeSpan(90_000));
        assertEquals("10 min", StepSupport.timeSpan(600_000));
        assertEquals("1 hr 0 min", StepSupport.timeSpan(3_600_000));
        assertEquals("1 day 0 hr", StepSupport.timeSpan(86_400_000));
        assertEquals("2 days 3 hr", StepSupport.timeSpan(2 * 86_400_000L + 3 * 3_600_000L));
    }

    @Test
    void resultOptionsAreCaseInsensitiveAndAnUnknownOneSaysTheValidOnes() {
        assertEquals(BuildResult.UNSTABLE, StepSupport.resultOption("buildResult", "unstable"));
        assertNull(StepSupport.resultOption("buildResult", null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StepSupport.resultOption("stageResult", "typo"));
        assertEquals("stageResult is invalid: typo. Valid options are SUCCESS, UNSTABLE, FAILURE, NOT_BUILT and ABORTED.", e.getMessage());
    }

    @Test
    void retryRetriesAnErrorAndATimeoutThatLeftItsBlockButNotAnActualInterruption() {
        assertTrue(StepSupport.retries(new Executor.AbortException("oops"), null));
        Executor.Interrupted abort = new Executor.Interrupted("Rejected", BuildResult.ABORTED);
        assertFalse(StepSupport.retries(abort, List.of()));
        Executor.Interrupted timeout = StepSupport.timeoutExceeded();
        assertTrue(StepSupport.isTimeout(timeout));
        assertFalse(StepSupport.retries(timeout, null));
        StepSupport.markNotActual(timeout);
        assertTrue(StepSupport.retries(timeout, null));
        // With conditions (agent(), nonresumable()) only a matching error is retried: none matches locally.
        assertFalse(StepSupport.retries(new Executor.AbortException("oops"), List.of(Map.of("$kind", "errorCondition", "name", "agent"))));
        assertThrows(IllegalArgumentException.class, () -> StepSupport.retries(new Executor.AbortException("x"), List.of("agent")));
        // Declarative options { retry(count: 2, conditions: [agent()]) }: the condition as the section recorder saw it.
        SectionRecorder options = new SectionRecorder();
        Object recorded = options.invokeMethod("agent", new Object[0]);
        assertFalse(StepSupport.retries(new Executor.AbortException("oops"), List.of(recorded)));
    }

    @Test
    void inputIdsAreTheCapitalizedIdOrTheMessagesMd5() {
        assertEquals("Simple-input", InputAnswers.idOf("simple-input", "Continue?"));
        assertEquals("Acbd18db4cc2f85cedef654fccc4a4d8", InputAnswers.idOf(null, "foo"));
        assertEquals("9X", InputAnswers.idOf("9X", "m"));
    }

    @Test
    void inputAnswersAreCheckedBeforeTheRun() {
        assertNull(InputAnswers.check("A=proceed"));
        assertNull(InputAnswers.check("A=proceed:N=v=w"));
        assertNull(InputAnswers.check("A=abort"));
        assertEquals("--input needs ID=proceed, ID=proceed:NAME=value or ID=abort, got A", InputAnswers.check("A"));
        assertEquals("--input A=yes: the answer is proceed, proceed:NAME=value or abort", InputAnswers.check("A=yes"));
        assertEquals("--input A=proceed:v: a parameter value is NAME=value, after proceed:", InputAnswers.check("A=proceed:v"));
    }
}
