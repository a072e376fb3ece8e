// Live failure stream: appends every projected event (Server-Sent Events from /stream) to the top of the list.
(function () {
    var list = document.getElementById('live-stream');
    if (!list || !window.EventSource) { return; }
    var link = document.getElementById('datalink');
    var source = new EventSource(list.getAttribute('data-stream'));
    source.addEventListener('event', function (e) {
        var item = JSON.parse(e.data);
        var li = document.createElement('li');
        li.className = (item.severity || 'info') + ' fresh';
        li.setAttribute('data-type', item.type);
        var time = document.createElement('time');
        time.textContent = new Date(item.at).toLocaleString('sv-SE', { timeZone: 'Asia/Seoul' });
        li.appendChild(time);
        li.appendChild(document.createTextNode(' ' + item.summary));
        list.insertBefore(li, list.firstChild);
        while (list.children.length > 100) { list.removeChild(list.lastChild); }
    });
    source.onerror = function () { if (link) { link.classList.add('bad'); } };
    source.onopen = function () { if (link) { link.classList.remove('bad'); } };
}());
