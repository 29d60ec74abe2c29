"""Write decks/dl-medical-imaging-journal-club.ipynb: build the cells, run them once, store outputs.

    python scripts/make_dl_medical_imaging_journal_club.py

Needs nbformat, nbclient, ipykernel, numpy and matplotlib (the `test` extra). The notebook is a
journal-club talk on Litjens et al., "A survey on deep learning in medical image analysis",
Medical Image Analysis 42 (2017). Its code makes its own synthetic data; the slides quote no
figures from the paper.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_raw_cell

DECKS = Path(__file__).resolve().parent.parent / "decks"
TARGET = DECKS / "dl-medical-imaging-journal-club.ipynb"

FRONT_MATTER = """---
title: "A survey on deep learning in medical image analysis"
subtitle: "Journal club · Litjens et al., *Medical Image Analysis* 42 (2017)"
author:
  - name: "Journal club presenter"
date: "2026-11-26"
footer: "Journal club · Litjens et al. (2017), A survey on deep learning in medical image analysis"
slide-number: true
bibliography: dl-medical-imaging-journal-club.bib
execute:
  echo: true
---"""


def md(kind: str, text: str, *tags: str) -> nbformat.NotebookNode:
    return new_markdown_cell(text.strip("\n"), metadata=_metadata(kind, tags))


def code(kind: str, text: str, *tags: str) -> nbformat.NotebookNode:
    return new_code_cell(text.strip("\n"), metadata=_metadata(kind, tags))


def _metadata(kind: str, tags: tuple[str, ...]) -> dict[str, object]:
    metadata: dict[str, object] = {"slideshow": {"slide_type": kind}}
    if tags:
        metadata["tags"] = list(tags)
    return metadata


CELLS = [
    new_raw_cell(FRONT_MATTER),
    code("skip", """
import numpy as np
import matplotlib.pyplot as plt

rng = np.random.default_rng(seed=2017)
plt.rcParams.update({"figure.dpi": 96, "font.size": 13, "axes.titlesize": 14})
"""),
    md("slide", """
## The paper

Litjens, Kooi, Ehteshami Bejnordi, Setio, Ciompi, Ghafoorian, van der Laak, van Ginneken, Sánchez.
**A survey on deep learning in medical image analysis.** *Medical Image Analysis* 42 (2017) [@litjens2017].

- A map of how deep learning entered medical image analysis
- Organised three ways: by **method**, by **task**, by **anatomical area**
- Closes with a discussion: what makes methods work, what is hard about medical images
"""),
    md("notes", """
Why this paper: it is the standard map of the field as it stood in 2017, and its task and
anatomy sections are a reading list. Ask who has read which section.
These slides deliberately quote no counts or scores from the paper: look them up in the paper
itself if the discussion needs them.
"""),
    md("subslide", """
## How the survey is organised

1. A primer on the deep learning methods in use
"""),
    md("fragment", "2. Uses **by task**: classification, detection, segmentation, registration, and others"),
    md("fragment", "3. Uses **by anatomical area**, from brain to musculoskeletal"),
    md("fragment", "4. **Discussion**: what successful methods share, challenges unique to medical images, outlook"),
    md("slide", "# Tasks"),
    md("notes", "Four tasks form the backbone of the survey's second part; one slide each, going down."),
    md("subslide", """
## Classification

- **Image or exam classification**: one label for a whole image or study
- **Object or lesion classification**: a label for a region found earlier; local appearance *and* context matter
- Small data sets make **transfer learning** attractive: networks pre-trained on natural images, used as fixed
  feature extractors or fine-tuned [@tajbakhsh2016]
"""),
    md("subslide", """
## Detection

- **Localisation** of organs, regions and landmarks: often a first step before segmentation or therapy planning
- **Detection of objects or lesions**: finding small abnormalities anywhere in a large image or volume
- Most locations hold nothing: a needle-in-a-haystack search
"""),
    md("subslide", """
## Segmentation

- **Organs and substructures**, and **lesions**
- From classifying one patch per pixel to **fully convolutional** networks that label a whole image at once [@long2015]
- **U-Net** [@ronneberger2015]: an encoder–decoder with skip connections, and 3D variants for volumes
"""),
    md("subslide", """
## Registration, and the rest

- **Registration** aligns images across time, modalities or to an atlas; deep learning either
  **learns a similarity measure** for a classical optimiser or **predicts the transformation** directly
- Also surveyed: content-based image retrieval, image generation and enhancement, combining images with text reports
"""),
    md("slide", """
## Modalities and anatomy

:::: {.columns}
::: {.column width="50%"}
**Application areas reviewed**

brain · eye · chest · digital pathology and microscopy · breast · cardiac · abdomen · musculoskeletal · other
:::
::: {.column width="50%"}
**Imaging seen along the way**

MRI · CT · radiographs · mammograms · ultrasound · retinal fundus photographs and OCT ·
whole-slide histopathology · dermoscopic photographs
:::
::::
"""),
    md("notes", "The application sections are the bulk of the paper. Suggest everyone reads the one nearest their own work."),
    md("slide", """
## Architectures

- **Convolutional networks** dominate: 2D on slices or patches, several orthogonal views (2.5D), or full 3D
- **Fully convolutional** and **U-Net**-like networks for dense, per-pixel output
- **Recurrent networks** where data come as sequences
- **Unsupervised** models for features or pre-training: auto-encoders, restricted Boltzmann machines, deep belief networks
- **Transfer learning** from networks trained on natural images
"""),
    md("slide", """
# Hands-on: what the building blocks compute

Synthetic data only: every image and mask below is made by the code in this notebook.
"""),
    code("skip", '''
def synthetic_scan(size=128, noise=0.05):
    """A CT-like slice: body outline, two dark "lungs", one bright round "nodule" (and its mask)."""
    y, x = np.mgrid[-1:1:size * 1j, -1:1:size * 1j]
    image = 0.2 * (((x / 0.9) ** 2 + (y / 0.7) ** 2) < 1)
    for cx in (-0.42, 0.42):
        image[((x - cx) / 0.3) ** 2 + (y / 0.5) ** 2 < 1] = 0.05
    nodule = (x - 0.38) ** 2 + (y + 0.1) ** 2 < 0.09 ** 2
    image[nodule] = 0.9
    return image + rng.normal(0, noise, image.shape), nodule


scan, truth = synthetic_scan()
'''),
    md("subslide", "## A convolution layer, by hand"),
    code("-", '''
def convolve(image, kernel):
    """Same-size 2-D cross-correlation with zero padding: what a CNN layer computes."""
    k = kernel.shape[0] // 2
    padded, out = np.pad(image, k), np.zeros_like(image)
    for dy, dx in np.ndindex(kernel.shape):
        out += kernel[dy, dx] * padded[dy:dy + image.shape[0], dx:dx + image.shape[1]]
    return out

blur = np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16
sobel = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
smooth = convolve(scan, blur)
edges = np.hypot(convolve(smooth, sobel), convolve(smooth, sobel.T))
corner = (slice(4, 20), slice(4, 20))   # air outside the body: only noise
print(f"noise std {scan[corner].std():.3f} → {smooth[corner].std():.3f} after the blur kernel")
'''),
    md("notes", """
The kernels here are set by hand; a CNN learns thousands of them, stacked with nonlinearities
and pooling. The printed numbers are computed from the synthetic image, not quoted from anywhere.
"""),
    md("subslide", "## The synthetic scan through two kernels"),
    code("-", '''
#| fig-alt: "Three grey-scale panels of the same synthetic scan: the noisy original, the smoother image after the 3x3 blur, and the Sobel edge magnitude, bright along the outlines of the body and the nodule."
fig, axes = plt.subplots(1, 3, figsize=(12, 4.2))
panels = [("synthetic scan", scan), ("3×3 blur", smooth), ("Sobel edge magnitude", edges)]
for ax, (title, image) in zip(axes, panels):
    ax.imshow(image, cmap="gray")
    ax.set_title(title)
    ax.axis("off")
fig.tight_layout()
plt.show()
''', "remove-input"),
    md("slide", r"""
## Scoring a segmentation: the Dice overlap

$$\mathrm{Dice}(P, R) = \frac{2\,|P \cap R|}{|P| + |R|}$$
"""),
    code("-", '''
def dice(pred, ref):
    """Dice overlap of two boolean masks (1.0 when both are empty)."""
    total = pred.sum() + ref.sum()
    return 1.0 if total == 0 else 2 * np.logical_and(pred, ref).sum() / total

prediction = smooth > 0.6   # a one-line "segmenter" for the bright nodule
print(f"nodule {truth.sum()} px, predicted {prediction.sum()} px, Dice = {dice(prediction, truth):.3f}")
'''),
    md("subslide", "## Dice depends on the threshold"),
    code("-", '''
#| fig-alt: "Dice with the true mask against the threshold on the blurred image: a hump that rises to its best value at a dashed vertical line near the middle and falls on both sides."
thresholds = np.linspace(0.1, 0.85, 61)
scores = [dice(smooth > t, truth) for t in thresholds]
best = int(np.argmax(scores))
fig, ax = plt.subplots(figsize=(9, 4))
ax.plot(thresholds, scores, lw=2)
ax.axvline(thresholds[best], color="grey", ls="--")
ax.set_xlabel("threshold on the blurred image")
ax.set_ylabel("Dice with the true mask")
ax.set_title(f"best Dice {scores[best]:.3f} at threshold {thresholds[best]:.2f}")
fig.tight_layout()
plt.show()
''', "remove-input"),
    md("subslide", "## Why not pixel accuracy?"),
    code("-", '''
nothing = np.zeros_like(truth)
print(f"nodule pixels: {truth.mean():.2%} of the image")
print(f"predicting 'no nodule' everywhere: accuracy {np.mean(nothing == truth):.2%}, Dice {dice(nothing, truth):.1f}")
'''),
    md("notes", "A tiny case of class imbalance, which the survey lists among the field's challenges: "
                "accuracy rewards ignoring the lesion."),
    md("slide", "## Open challenges the survey names"),
    md("fragment", "- **Scarce labelled data**: expert annotation is slow and costly; "
                   "data sets are small next to natural-image ones"),
    md("fragment", "- **Noisy, uncertain labels**: experts disagree, and reports are not ground truth"),
    md("fragment", "- **Class imbalance**: abnormal findings are rare"),
    md("fragment", "- **Information beyond the image**: clinicians also weigh history and other data the model does not see"),
    md("notes", "These are framed as in 2017. Ask which of them have eased since, and which have not."),
    md("slide", """
## Discussion

- Which challenge bites hardest on **our** data?
- Where does transfer learning from natural images help, and where does it mislead?
- A model tuned for Dice: how would we validate it **clinically**?
- What has changed since 2017, and what in the survey still holds?
"""),
    md("notes", "Leave at least fifteen minutes here. Close by choosing next session's paper."),
    md("slide", """
## References

::: {#refs}
:::
"""),
    md("skip", """
This notebook is generated by `scripts/make_dl_medical_imaging_journal_club.py`, which runs it
once and stores its outputs. Render it with `deckbuild render` or `jupyter nbconvert --to deckbuild`.
"""),
]


def main() -> None:
    kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb = new_notebook(cells=CELLS, metadata={"kernelspec": kernelspec, "language_info": {"name": "python"}})
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(DECKS)}}).execute()
    for number, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{number:02d}"  # stable ids: regenerating gives a readable diff
    nbformat.validate(nb)
    nbformat.write(nb, TARGET)
    print(f"wrote {TARGET.relative_to(DECKS.parent)}")


if __name__ == "__main__":
    main()
