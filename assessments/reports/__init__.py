"""What a client takes away: the page as a PDF, the chart as SVG or PNG, and the
download links."""
