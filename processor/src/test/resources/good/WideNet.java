package test;

import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;

import dev.stochasticdepth.annotations.Distribution;
import dev.stochasticdepth.annotations.Layer;
import dev.stochasticdepth.annotations.StochasticDepth;

import java.io.IOException;

/**
 * Instance layer methods: the network mirrors each non-private constructor, including their
 * exceptions, varargs, and parameter names that the generated code must not shadow.
 */
@StochasticDepth(drop = 0.5, distribution = Distribution.UNIFORM, target = Basic.class)
public class WideNet {
    private final int classes;
    private final int width;

    public WideNet(int classes) {
        this.classes = classes;
        this.width = 16;
    }

    protected WideNet(int classes, int i) throws IOException {
        if (i < 1) {
            throw new IOException("width must be positive");
        }
        this.classes = classes;
        this.width = 16 * i;
    }

    WideNet(String definition, int... widths) {
        this(Integer.parseInt(definition));
    }

    private WideNet() {
        this(10);
    }

    @Layer(order = 0, repeat = 4)
    Basic unit(int i) {
        return new Basic(width);
    }

    @Layer(order = -1)
    static Block stem() {
        return Blocks.identityBlock();
    }

    @Layer(order = 10)
    Block head() {
        return new SequentialBlock()
                .add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(classes).build());
    }
}
