//! Staffing: Erlang C and Erlang A.
