"""The app's stylesheet: product cards in a grid, their badges, and the feedback buttons under them."""

CSS = """
.sa-cards {display: grid; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); gap: 10px;}
.sa-card {border: 1px solid #d0d7de; border-radius: 8px; padding: 10px; background: var(--block-background-fill);}
.sa-img {width: 100%; max-height: 140px; object-fit: contain;}
.sa-pos {font-size: 0.8em; color: #6e7781;}
.sa-title {font-weight: 600; margin: 2px 0 6px;}
.sa-price {font-size: 1.2em; font-weight: 700;}
.sa-meta {font-size: 0.85em; color: #57606a; margin: 4px 0;}
.sa-badge {display: inline-block; font-size: 0.75em; border-radius: 10px; padding: 1px 8px; margin: 2px 4px 2px 0;}
.sa-outside {background: #fff1e5; color: #9a4b00;}
.sa-explore {background: #eef6ff; color: #0b5cad;}
.sa-why summary {cursor: pointer; font-size: 0.85em;}
.sa-card-row {flex-wrap: wrap !important; gap: 10px;}
.sa-card-column {flex: 1 1 30% !important; max-width: calc(33.3% - 8px); min-width: 200px !important;
                 display: flex !important; flex-direction: column !important;}
.sa-card-column > :first-child {flex-grow: 1;}
.sa-card-column div:has(.sa-card) {display: flex; flex-direction: column; flex-grow: 1;}
.sa-card-column .sa-card {flex-grow: 1; box-sizing: border-box;}
.sa-feedback {flex-wrap: nowrap !important; gap: 4px; margin-top: auto; flex-grow: 0 !important;}
.sa-feedback button {font-size: 0.8em; padding: 2px 4px;}
"""
