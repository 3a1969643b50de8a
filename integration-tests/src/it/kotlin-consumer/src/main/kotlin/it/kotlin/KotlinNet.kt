package it.kotlin

import ai.djl.nn.Block
import ai.djl.nn.core.Linear
import dev.stochasticdepth.annotations.Layer
import dev.stochasticdepth.annotations.StochasticDepth

/** A residual perceptron defined in Kotlin: stem, three bottlenecks, head. */
@StochasticDepth(drop = 0.2, target = [Bottleneck::class])
class KotlinNet(private val classes: Long) {
    @Layer(order = 0)
    fun stem(): Block = Linear.builder().setUnits(16).build()

    @Layer(order = 1, repeat = 3)
    fun unit(i: Int): Bottleneck = Bottleneck(16)

    @Layer(order = 2)
    fun head(): Block = Linear.builder().setUnits(classes).build()
}
