package dev.stochasticdepth.runtime;

import ai.djl.nn.Block;
import dev.stochasticdepth.annotations.PostActivation;
import java.util.Objects;
import java.util.Optional;

/**
 * Recognises a caller's own kind of residual block for {@link StochasticDepth} surgery.
 *
 * <pre>{@code
 * ResidualMatcher mine = block -> block instanceof MyResidual r
 *         ? Optional.of(new ResidualMatcher.Match(r.branch(), r.shortcut(), PostActivation.RELU))
 *         : Optional.empty();
 * Block net = StochasticDepth.builder().drop(0.2).matcher(mine).build().apply(model);
 * }</pre>
 *
 * <p>A matched block is swapped for a {@link StochasticResidualBlock} over the same branch and
 * shortcut, which at rate 0 computes {@code post(branch(x) + shortcut(x))}: the match must describe
 * what the block computes. Parameter files keep their bytes when the matched block saves like a
 * {@code ParallelBlock} whose two children are the branch and then the shortcut.
 */
@FunctionalInterface
public interface ResidualMatcher {

    /**
     * Describes {@code block} as a residual, if it is one this matcher knows.
     *
     * @param block any block of the model
     * @return its parts, or empty if {@code block} is not such a residual
     */
    Optional<Match> match(Block block);

    /**
     * The parts of a residual block {@code post(branch(x) + shortcut(x))}.
     *
     * @param branch the residual branch, the part that stochastic depth drops
     * @param shortcut the shortcut, for example {@code Blocks.identityBlock()}
     * @param postActivation the activation after the addition
     */
    record Match(Block branch, Block shortcut, PostActivation postActivation) {

        /**
         * Creates a match.
         *
         * @param branch the residual branch
         * @param shortcut the shortcut
         * @param postActivation the activation after the addition
         * @throws NullPointerException if a part is {@code null}
         */
        public Match {
            Objects.requireNonNull(branch, "branch");
            Objects.requireNonNull(shortcut, "shortcut");
            Objects.requireNonNull(postActivation, "postActivation");
        }
    }
}
