"""Reports: the sustainability assessment (snapshots), PDF progress reports, programme reports."""
