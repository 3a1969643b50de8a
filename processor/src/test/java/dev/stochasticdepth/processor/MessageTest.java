package dev.stochasticdepth.processor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

/** Diagnostic ids are stable, unique, and every message says how to fix the problem. */
class MessageTest {

    @Test
    void idsAreUniqueAndWellFormed() {
        assertThat(Arrays.stream(Message.values()).map(Message::id))
                .doesNotHaveDuplicates()
                .allMatch(id -> id.matches("SD[0-9]{3}"));
    }

    @Test
    void formatShowsTheIdTheProblemAndTheFix() {
        assertThat(Message.DROP_OUT_OF_RANGE.format(1.0))
                .isEqualTo(
                        "[SD101] drop must be in [0, 1), got 1.0. Fix: use the rate of the deepest"
                                + " block, for example drop = 0.2 (1.0 would always drop it).");
    }

    @Test
    void deferredDefinitionNamesTheNetworkTheDefinitionAndTheMissingType() {
        assertThat(
                        Message.DEFINITION_DEFERRED.format(
                                "test.StochasticNet",
                                "test.Net",
                                "it references the type Missing, which no processing round"
                                        + " produced"))
                .isEqualTo(
                        "[SD117] test.StochasticNet was not generated because test.Net still did"
                                + " not compile when processing ended: it references the type"
                                + " Missing, which no processing round produced. Fix: fix the"
                                + " compiler's error on the definition, for example by adding the"
                                + " dependency or processor that provides a missing type.");
    }
}
