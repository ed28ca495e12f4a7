"""Text processing: normalisation with offset maps, segmentation and tokenisation."""
