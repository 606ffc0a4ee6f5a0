"""The Gradio app's tabs (shop, catalog), its stylesheet, and error translation at the page.

Gradio only: callbacks call the assistant and render with assistant.render; no business logic here.
It may import assistant/, retrieval/ and runtime/.
"""
