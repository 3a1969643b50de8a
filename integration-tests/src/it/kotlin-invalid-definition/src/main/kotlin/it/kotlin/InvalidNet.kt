package it.kotlin

import ai.djl.nn.Block
import ai.djl.nn.Blocks
import dev.stochasticdepth.annotations.Branch
import dev.stochasticdepth.annotations.Layer
import dev.stochasticdepth.annotations.Residual
import dev.stochasticdepth.annotations.StochasticDepth

/** A definition that would always drop its deepest block: error SD101, on the next line. */
@StochasticDepth(drop = 1.0, target = [Identity::class])
class InvalidNet {
    @Layer(order = 0, repeat = 2)
    fun unit(i: Int): Identity = Identity()
}

/** The smallest residual unit. */
@Residual
class Identity {
    @Branch
    fun branch(): Block = Blocks.identityBlock()
}
