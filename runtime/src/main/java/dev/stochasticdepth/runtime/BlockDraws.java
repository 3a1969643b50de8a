package dev.stochasticdepth.runtime;

import ai.djl.Device;
import ai.djl.util.RandomUtils;
import java.util.HashSet;
import java.util.Set;

/**
 * The {@link dev.stochasticdepth.annotations.StochasticMethod#BLOCK BLOCK} decisions of one
 * residual block: drawn on the host, and shared by the device slices of one training step.
 *
 * <p>A decision drawn on a device would have to be read back to the host before the branch can be
 * skipped: one device-to-host synchronisation per block per forward. It is drawn instead from DJL's
 * host generator ({@code RandomUtils}), which {@code Engine.setRandomSeed} seeds, so it stays
 * repeatable. With DJL's multi-device training a step runs the block once per device, each on its
 * slice of the batch; the slices of one step take one decision, so a dropped block is skipped on
 * every device. A step is recognised by its devices: a forward on a device that has already taken
 * the current decision starts the next step, with a new draw. On one device every forward is a
 * step of its own.
 */
final class BlockDraws {

    private final Set<Device> devices = new HashSet<>();
    private boolean kept;

    /**
     * Returns whether the branch runs in this forward on {@code device}.
     *
     * @param device the device of the forward's input
     * @param keepProbability the probability of keeping the branch, {@code 1 - p}
     * @return the current step's decision, drawn if the step starts with this forward
     */
    synchronized boolean keep(Device device, float keepProbability) {
        if (devices.isEmpty() || devices.contains(device)) {
            devices.clear();
            kept = RandomUtils.nextFloat() < keepProbability;
        }
        devices.add(device);
        return kept;
    }
}
