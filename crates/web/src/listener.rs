//! The listening socket, with deadlines on what clients send: a request
//! (head and body) must arrive within its time from its first byte, and an
//! idle keep-alive connection closes after a while. A client that sends one
//! byte a second cannot hold a connection; handlers themselves are limited
//! by the request timeout of the router.

use std::{
    future::Future as _,
    io,
    net::SocketAddr,
    pin::Pin,
    task::{Context, Poll},
    time::Duration,
};

use axum::{
    extract::connect_info::Connected,
    serve::{IncomingStream, Listener},
};
use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::{TcpListener, TcpStream},
    time::{Instant, Sleep},
};

/// How long a keep-alive connection may wait for its next request.
const IDLE: Duration = Duration::from_secs(90);

/// A TCP listener whose connections have read deadlines.
pub struct TimedListener {
    inner: TcpListener,
    /// Time for a whole request to arrive, from its first byte.
    request: Duration,
}

impl TimedListener {
    pub fn new(inner: TcpListener, request: Duration) -> Self {
        Self { inner, request }
    }
}

impl Listener for TimedListener {
    type Io = TimedStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let (stream, address) = Listener::accept(&mut self.inner).await;
        let _ = stream.set_nodelay(true);
        (TimedStream::new(stream, self.request), address)
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

/// The peer of a connection (`ConnectInfo<PeerAddr>` in handlers).
#[derive(Debug, Clone, Copy)]
pub struct PeerAddr(pub SocketAddr);

impl Connected<IncomingStream<'_, TimedListener>> for PeerAddr {
    fn connect_info(stream: IncomingStream<'_, TimedListener>) -> Self {
        Self(*stream.remote_addr())
    }
}

/// A connection that fails its reads once its deadline has passed: the end
/// of the idle time while waiting for a request, the end of the request time
/// once a request began arriving. An answer (a write) starts a new idle time.
pub struct TimedStream {
    inner: TcpStream,
    deadline: Pin<Box<Sleep>>,
    request: Duration,
    receiving: bool,
}

impl TimedStream {
    fn new(inner: TcpStream, request: Duration) -> Self {
        Self { inner, deadline: Box::pin(tokio::time::sleep(IDLE)), request, receiving: false }
    }
}

impl AsyncRead for TimedStream {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.deadline.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, "the client was too slow")));
        }
        let before = buf.filled().len();
        let polled = Pin::new(&mut this.inner).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before && !this.receiving {
            this.receiving = true;
            this.deadline.as_mut().reset(Instant::now() + this.request);
        }
        polled
    }
}

impl AsyncWrite for TimedStream {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, data: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.receiving {
            this.receiving = false;
        }
        this.deadline.as_mut().reset(Instant::now() + IDLE.max(this.request));
        Pin::new(&mut this.inner).poll_write(cx, data)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}
