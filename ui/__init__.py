"""User interfaces: the Streamlit app and the perimeter CLI (thin: call the packages)."""
