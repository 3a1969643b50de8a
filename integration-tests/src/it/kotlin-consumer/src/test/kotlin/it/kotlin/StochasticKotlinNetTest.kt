package it.kotlin

import ai.djl.Model
import ai.djl.ndarray.NDList
import ai.djl.ndarray.types.Shape
import ai.djl.training.DefaultTrainingConfig
import ai.djl.training.loss.Loss
import ai.djl.training.optimizer.Optimizer
import ai.djl.training.tracker.Tracker
import dev.stochasticdepth.annotations.Distribution
import dev.stochasticdepth.runtime.StochasticDepth
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The network that kapt and the processor generated from KotlinNet trains a step on PyTorch. */
class StochasticKotlinNetTest {

    @Test
    fun trainsOneStepAndKeepsItsRates() {
        val network = StochasticKotlinNet(4)
        val blocks = StochasticDepth.find(network)
        assertEquals(3, StochasticKotlinNet.DEPTH)
        assertEquals(3, blocks.size)

        Model.newInstance("kotlin-net", "PyTorch").use { model ->
            model.block = network
            val config = DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build())
            model.newTrainer(config).use { trainer ->
                trainer.initialize(Shape(8, 16))
                val manager = trainer.manager
                val x = manager.randomNormal(Shape(8, 16))
                val y = manager.arange(8f).mod(4f)
                val stem = network.children[0].value.parameters[0].value.array
                val before = stem.duplicate()

                trainer.newGradientCollector().use { collector ->
                    val out = trainer.forward(NDList(x))
                    assertEquals(Shape(8, 4), out.singletonOrThrow().shape)
                    val loss = Loss.softmaxCrossEntropyLoss().evaluate(NDList(y), out)
                    assertTrue(loss.getFloat().isFinite())
                    collector.backward(loss)
                }
                trainer.step()

                assertNotEquals(before, stem, "the step changed the stem's weights")
            }
        }
        for (block in blocks.indices) {
            val rate = Distribution.LINEAR.rate(block + 1, 3, 0.2).toFloat()
            assertEquals(rate, StochasticKotlinNet.dropRate(block))
            assertEquals(rate, blocks[block].dropRate)
        }
    }
}
