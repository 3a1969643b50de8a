package dev.stochasticdepth.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link BlockDraws}: BLOCK's host-drawn decision, one per training step, shared by the device
 * slices of the step and repeatable under {@code Engine.setRandomSeed}. The devices are plain
 * {@link Device} values: the draw never touches them.
 */
class BlockDrawsTest {

    private static final float KEEP = 0.7f;
    private static final int STEPS = 4000;

    @Test
    void onOneDeviceEveryForwardIsAStepWithItsOwnDraw() {
        Engine.getInstance().setRandomSeed(3);
        BlockDraws draws = new BlockDraws();
        long kept = 0;
        int switches = 0;
        boolean last = false;
        for (int step = 0; step < STEPS; step++) {
            boolean keep = draws.keep(Device.cpu(), KEEP);
            kept += keep ? 1 : 0;
            switches += step > 0 && keep != last ? 1 : 0;
            last = keep;
        }
        Fixtures.assertBinomial(kept, STEPS, KEEP, "kept steps");
        // Independent steps change decision with probability 2 * 0.7 * 0.3 = 0.42. Adjacent
        // changes share a step, so the count's sd is 1.13 times the binomial one: the 4 sigma of
        // assertBinomial are 3.5 true sigma, still a false alarm once in a few thousand runs.
        Fixtures.assertBinomial(switches, STEPS - 1, 2 * KEEP * (1 - KEEP), "changes of decision");
    }

    @Test
    void theSlicesOfAStepOnSeveralDevicesShareOneDecision() {
        Engine.getInstance().setRandomSeed(3);
        BlockDraws draws = new BlockDraws();
        List<Device> devices = List.of(Device.gpu(0), Device.gpu(1), Device.gpu(2));
        long kept = 0;
        for (int step = 0; step < STEPS; step++) {
            boolean first = draws.keep(devices.get(0), KEEP);
            // The other slices of the step, in any order.
            assertThat(draws.keep(devices.get(2 - step % 2), KEEP)).isEqualTo(first);
            assertThat(draws.keep(devices.get(1 + step % 2), KEEP)).isEqualTo(first);
            kept += first ? 1 : 0;
        }
        Fixtures.assertBinomial(kept, STEPS, KEEP, "kept steps");
    }

    @Test
    void theSameSeedGivesTheSameDecisions() {
        assertThat(decisions(11)).isEqualTo(decisions(11)).isNotEqualTo(decisions(12));
    }

    private static List<Boolean> decisions(int seed) {
        Engine.getInstance().setRandomSeed(seed);
        BlockDraws draws = new BlockDraws();
        List<Boolean> decisions = new ArrayList<>();
        for (int step = 0; step < 64; step++) {
            decisions.add(draws.keep(Device.cpu(), KEEP));
        }
        return decisions;
    }
}
