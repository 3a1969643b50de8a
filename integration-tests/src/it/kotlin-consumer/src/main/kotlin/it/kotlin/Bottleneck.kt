package it.kotlin

import ai.djl.nn.Activation
import ai.djl.nn.Block
import ai.djl.nn.SequentialBlock
import ai.djl.nn.core.Linear
import dev.stochasticdepth.annotations.Branch
import dev.stochasticdepth.annotations.Residual

/** A fully connected residual unit, written in Kotlin. */
@Residual
class Bottleneck(private val units: Long) {
    @Branch
    fun branch(): Block =
        SequentialBlock()
            .add(Linear.builder().setUnits(units / 4).build())
            .add(Activation.reluBlock())
            .add(Linear.builder().setUnits(units).build())
}
